package io.athenalake.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.devstack.process.Http;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one devstack of a build, shared by every test JVM of every module.
 *
 * <p>The first test that asks starts the stack as its own process ({@link DevStackMain} {@code serve}),
 * which records its endpoints in {@code <state-dir>/state.json} and lives as long as its owner — the
 * Maven process running the build. Later tests, in the same or other modules' JVMs, find the state
 * file and reuse the stack. When Maven exits, the stack stops itself with all its child processes.
 * So Trino starts at most once per {@code mvn verify}.
 */
public final class DevStack {

    public static final String STATE_DIR_PROPERTY = "devstack.state-dir";
    public static final String DIST_DIR_PROPERTY = "devstack.dist-dir";
    public static final String OWNER_PID_PROPERTY = "devstack.owner-pid";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private static DevStackEndpoints shared;

    private DevStack() {
    }

    /** The build's shared stack, started on first use. */
    public static synchronized DevStackEndpoints shared() {
        if (shared == null) {
            try {
                shared = attachOrStart(stateDir(), ownerPid());
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the devstack", e);
            }
        }
        return shared;
    }

    private static DevStackEndpoints attachOrStart(Path stateDir, long ownerPid) throws IOException {
        Files.createDirectories(stateDir);
        Path stateFile = stateDir.resolve("state.json");
        try (FileChannel channel = FileChannel.open(stateDir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            Optional<State> existing = read(stateFile);
            if (existing.isPresent()) {
                State state = existing.get();
                if (state.ownerPid() == ownerPid && alive(state.endpoints().pid()) && answers(state.endpoints())) {
                    return state.endpoints();
                }
                ProcessHandle.of(state.endpoints().pid()).ifPresent(DevStack::stop);
                Files.deleteIfExists(stateFile);
            }
            return launch(stateDir, stateFile, ownerPid);
        }
    }

    private static DevStackEndpoints launch(Path stateDir, Path stateFile, long ownerPid) throws IOException {
        Path dist = distDir();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:+UseSerialGC",
                "-cp", dist.resolve("devstack.jar") + File.pathSeparator + dist.resolve("lib") + File.separator + "*",
                DevStackMain.class.getName(), "serve",
                "--state-file", stateFile.toString(),
                "--owner-pid", Long.toString(ownerPid),
                "--work-dir", stateDir.resolve("work").toString()));
        Path log = stateDir.resolve("devstack.log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<State> state = read(stateFile);
            if (state.isPresent()) {
                return state.get().endpoints();
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("The devstack exited while starting (code " + process.exitValue()
                        + "). See " + log + ":\n" + tail(log));
            }
            sleep();
        }
        process.destroy();
        throw new IllegalStateException("The devstack did not start within " + START_TIMEOUT.toMinutes()
                + " minutes. See " + log + ":\n" + tail(log));
    }

    /** The state file the serving stack writes once every component answers. */
    record State(long ownerPid, DevStackEndpoints endpoints) {
    }

    private static Optional<State> read(Path stateFile) {
        if (!Files.isRegularFile(stateFile)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(stateFile.toFile(), State.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean answers(DevStackEndpoints endpoints) {
        return Http.okBody(endpoints.awsEndpoint() + "/").isPresent();
    }

    private static void stop(ProcessHandle stale) {
        stale.destroy();
        try {
            stale.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            stale.destroyForcibly();
        }
    }

    /** The Maven process of this build, so the stack outlives each test JVM but not the build. */
    static long ownerPid() {
        String configured = System.getProperty(OWNER_PID_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Long.parseLong(configured.strip());
        }
        return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(ProcessHandle.current().pid());
    }

    private static Path stateDir() {
        return Path.of(System.getProperty(STATE_DIR_PROPERTY, "target/devstack")).toAbsolutePath();
    }

    private static Path distDir() {
        Path dist = Path.of(System.getProperty(DIST_DIR_PROPERTY, "devstack/target/dist")).toAbsolutePath();
        if (!Files.isRegularFile(dist.resolve("devstack.jar"))) {
            throw new IllegalStateException("The devstack is not built at " + dist
                    + ". Run the tests with `mvn verify` from the project root (the devstack is packaged before "
                    + "the modules that use it), or set -D" + DIST_DIR_PROPERTY + ".");
        }
        return dist;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the devstack", e);
        }
    }
}
