package io.athenalake.local.launcher;

import io.athenalake.devstack.process.ChildProcess;
import io.athenalake.devstack.process.Http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One of the services, run from its packaged {@code quarkus-app} as a child process of the launcher
 * (behind the devstack's watchdog, so it dies with the launcher even on {@code kill -9}), configured
 * through environment variables as ECS configures it, logging to a file.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final String name;
    private final Path jar;
    private final Path directory;
    private final Path log;
    private final int port;
    private final Map<String, String> environment;
    private ChildProcess process;

    ServiceProcess(String name, Path jar, Path directory, Path log, int port, Map<String, String> environment) {
        this.name = name;
        this.jar = jar;
        this.directory = directory;
        this.log = log;
        this.port = port;
        this.environment = Map.copyOf(environment);
    }

    /** Starts the process without waiting for it (so services start side by side). */
    synchronized void launch() {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not packaged at " + jar
                    + ": build it first (`mvn -B -ntp -DskipTests -pl local -am package`, which ./run-local.sh runs)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC",
                // query-service's Arrow downloads read direct buffers' addresses (infra sets the same JAVA_TOOL_OPTIONS)
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-jar", jar.toString()));
        try {
            Files.createDirectories(directory);
            process = ChildProcess.start(name, command, directory, log, environment);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits for {@code /q/health/ready}; fails with the log's tail if the service exits or never gets ready. */
    synchronized void awaitReady() {
        process.awaitReady(() -> Http.okBody(url() + "/q/health/ready").isPresent(), READY_TIMEOUT);
    }

    /** Starts the service again (after {@link #kill()}) and waits until it is ready. */
    public void restart() {
        close();
        launch();
        awaitReady();
    }

    /** What a crash does: SIGKILL, no shutdown hooks, messages in flight left unacknowledged. */
    public synchronized void kill() {
        ProcessHandle.of(process.pid()).ifPresent(handle -> {
            handle.destroyForcibly();
            handle.onExit().join();
        });
    }

    public String name() {
        return name;
    }

    public synchronized long pid() {
        return process.pid();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    /** Stops the service: SIGTERM (a graceful Quarkus shutdown), SIGKILL after a grace period. */
    @Override
    public synchronized void close() {
        if (process != null) {
            process.close();
        }
    }
}
