package io.athenalake.devstack.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * A server the devstack runs as a child process, with its output in a log file.
 *
 * <p>The child is started through a tiny {@code sh} watchdog that holds the read end of a pipe
 * whose write end only this JVM has: when this JVM dies — even by {@code kill -9} — the pipe
 * closes and the watchdog terminates the child. So a stack never leaves orphans behind.
 */
public final class ChildProcess implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ChildProcess.class.getName());
    private static final String WATCHDOG = "exec 3<&0; ( cat <&3 >/dev/null; "
            + "kill -TERM $$ 2>/dev/null && { i=0; while kill -0 $$ 2>/dev/null && [ $i -lt 20 ]; do sleep 0.5; i=$((i+1)); done; "
            + "kill -KILL $$ 2>/dev/null; } ) & exec \"$@\" 3<&- </dev/null";

    private final String name;
    private final Process process;
    private final Path logFile;
    private final OutputStream lifeline;

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.lifeline = process.getOutputStream();
    }

    public static ChildProcess start(String name, List<String> command, Path workDir, Path logFile,
                                     Map<String, String> environment) throws IOException {
        Files.createDirectories(logFile.getParent());
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", WATCHDOG, name));
        wrapped.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(wrapped)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(environment);
        LOG.fine(() -> "starting " + name + ": " + String.join(" ", command));
        return new ChildProcess(name, builder.start(), logFile);
    }

    /** Waits until {@code ready} holds, failing early (with the log's tail) if the child exits. */
    public void awaitReady(BooleanSupplier ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " while starting. Last lines of " + logFile + ":\n" + tail(40));
            }
            if (ready.getAsBoolean()) {
                return;
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException(name + " did not become ready within " + timeout.toSeconds()
                + " s. Last lines of " + logFile + ":\n" + tail(40));
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops the child: SIGTERM, then SIGKILL after a grace period. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            closeLifeline(); // a child that died on its own (or was killed) leaves its watchdog waiting on the pipe
            return;
        }
        process.destroy();
        closeLifeline();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private void closeLifeline() {
        try {
            lifeline.close();
        } catch (IOException ignored) {
            // the watchdog sees the pipe closed either way
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a child process", e);
        }
    }
}
