package io.athenalake.devstack.lambda;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A function the devstack hosts, as {@code CreateFunction} describes one.
 *
 * @param runtime     {@code java17}, {@code java21}, {@code java25} (the devstack's Java runtime calls {@code handler}),
 *                    or {@code provided} (the {@code command} polls the Runtime API itself, as a custom runtime does)
 * @param handler     {@code package.Class::method} of a stream handler {@code (InputStream, OutputStream[, Context])}
 * @param code        the deployment package: a zip (unpacked, as Lambda does: its root and {@code lib/*.jar} on the
 *                    classpath), a jar, or a folder
 * @param command     for {@code provided}: the program and its arguments
 * @param environment the function's environment variables
 * @param instances   how many execution environments serve invocations at once (Lambda's concurrency)
 */
public record FunctionConfig(String name, String runtime, String handler, Optional<Path> code, List<String> command,
                             Map<String, String> environment, Duration timeout, int memoryMb, int instances) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(900);
    public static final int DEFAULT_MEMORY_MB = 1024;

    public FunctionConfig {
        if (name == null || !name.matches("[a-zA-Z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("FunctionName '" + name + "' must match [a-zA-Z0-9_-]{1,64}");
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofSeconds(900)) > 0) {
            throw new IllegalArgumentException("Timeout must be between 1 and 900 seconds");
        }
        if (memoryMb < 128 || memoryMb > 10240) {
            throw new IllegalArgumentException("MemorySize must be between 128 and 10240 MB");
        }
        if (instances < 1 || instances > 16) {
            throw new IllegalArgumentException("Instances must be between 1 and 16");
        }
        if ("provided".equals(runtime) || runtime.startsWith("provided.")) {
            if (command.isEmpty()) {
                throw new IllegalArgumentException("Runtime " + runtime + " needs a Command that polls the Runtime API");
            }
        } else if (javaFeature(runtime).isPresent()) {
            if (handler == null || !handler.contains("::") || code.isEmpty()) {
                throw new IllegalArgumentException("Runtime " + runtime + " needs Code and a Handler 'package.Class::method'");
            }
        } else {
            throw new IllegalArgumentException("Runtime '" + runtime + "' is not hosted by the devstack: use java17, java21, "
                    + "java25 or provided");
        }
        environment = Map.copyOf(environment);
        command = List.copyOf(command);
    }

    /** The Java feature version of a {@code javaNN} runtime. */
    static Optional<Integer> javaFeature(String runtime) {
        if (runtime != null && runtime.matches("java(11|17|21|25)")) {
            return Optional.of(Integer.parseInt(runtime.substring(4)));
        }
        return Optional.empty();
    }
}
