package io.athenalake.devstack.trino;

import io.athenalake.devstack.process.Folders;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * The Trino server tarball from Maven, unpacked once into a cache folder shared by every build
 * on the machine (it is 800 MB; unpacking it per build would cost more than starting Trino).
 */
public final class TrinoDistribution {

    private TrinoDistribution() {
    }

    /** The unpacked server home ({@code lib/}, {@code plugin/}), unpacking it on first use. */
    public static Path unpacked(Path tarball, String version, Path cacheDir) throws IOException {
        Path home = cacheDir.resolve("trino-server-" + version);
        Path complete = cacheDir.resolve("trino-server-" + version + ".complete");
        if (Files.exists(complete)) {
            return home;
        }
        if (!Files.isRegularFile(tarball)) {
            throw new IllegalStateException("Trino server tarball not found at " + tarball
                    + ": build the devstack with Maven first (mvn -pl devstack -am package).");
        }
        Files.createDirectories(cacheDir);
        try (FileChannel channel = FileChannel.open(cacheDir.resolve("trino-unpack.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (Files.exists(complete)) {
                return home;
            }
            Path partial = Files.createTempDirectory(cacheDir, "unpacking-");
            Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", partial.toString())
                    .redirectErrorStream(true).start();
            String output = new String(tar.getInputStream().readAllBytes());
            if (!tar.waitFor(10, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                throw new IOException("unpacking " + tarball + " failed: " + output);
            }
            Folders.deleteRecursively(home);
            Files.move(partial.resolve("trino-server-" + version), home);
            Folders.deleteRecursively(partial);
            Files.createFile(complete);
            return home;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unpacking Trino", e);
        }
    }
}
