package io.athenalake.devstack.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/** Finds a JDK of at least a given feature version (Trino needs 24+ while the build runs on 17). */
public final class JavaRuntimes {

    /** Checked first: a JDK home for Trino. */
    public static final String TRINO_JAVA_HOME = "TRINO_JAVA_HOME";

    private static final List<String> JDK_FOLDERS = List.of(
            "/usr/lib/jvm", "/usr/java", "/opt/java", "/opt/jdk", "/opt",
            System.getProperty("user.home") + "/.sdkman/candidates/java",
            System.getProperty("user.home") + "/.jdks",
            "/Library/Java/JavaVirtualMachines");

    private JavaRuntimes() {
    }

    /** The {@code java} executable of a JDK with at least {@code minimumFeature}, or a clear error. */
    public static Path javaExecutable(int minimumFeature) {
        return find(minimumFeature).orElseThrow(() -> new IllegalStateException(
                "Trino needs Java " + minimumFeature + " or newer and none was found. Looked at $"
                        + TRINO_JAVA_HOME + ", $JAVA_HOME and the JDKs under " + JDK_FOLDERS
                        + ". Install one (e.g. `apt-get install temurin-25-jdk`, or any JDK "
                        + minimumFeature + "+ from adoptium.net) and, if it lives elsewhere, set "
                        + TRINO_JAVA_HOME + " to its home folder."));
    }

    public static Optional<Path> find(int minimumFeature) {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv(TRINO_JAVA_HOME)).map(Path::of).ifPresent(candidates::add);
        Optional.ofNullable(System.getenv("JAVA_HOME")).map(Path::of).ifPresent(candidates::add);
        candidates.add(Path.of(System.getProperty("java.home")));
        for (String folder : JDK_FOLDERS) {
            candidates.addAll(homesUnder(Path.of(folder)));
        }
        return candidates.stream()
                .filter(home -> feature(home) >= minimumFeature)
                .findFirst()
                .map(home -> home.resolve("bin").resolve("java"));
    }

    private static List<Path> homesUnder(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(folder)) {
            return children
                    .map(child -> Files.isDirectory(child.resolve("Contents/Home")) ? child.resolve("Contents/Home") : child)
                    .filter(home -> Files.isExecutable(home.resolve("bin").resolve("java")))
                    .sorted(Comparator.comparingInt(JavaRuntimes::feature).reversed())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The feature version from the JDK's {@code release} file; 0 when it cannot be told. */
    static int feature(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin").resolve("java"))) {
            return 0;
        }
        try (var reader = Files.newBufferedReader(release)) {
            Properties properties = new Properties();
            properties.load(reader);
            String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
            String major = version.startsWith("1.") ? version.substring(2) : version;
            return Integer.parseInt(major.split("[.\\-+]")[0]);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}
