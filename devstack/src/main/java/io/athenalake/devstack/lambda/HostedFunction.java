package io.athenalake.devstack.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.athenalake.devstack.aws.AwsJson;
import io.athenalake.devstack.process.ChildProcess;
import io.athenalake.devstack.process.Folders;
import io.athenalake.devstack.process.Http;
import io.athenalake.devstack.process.JavaRuntimes;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A function hosted by the devstack: its execution environments are child processes that poll this
 * function's own Lambda Runtime API ({@code AWS_LAMBDA_RUNTIME_API}, one loopback port per function),
 * exactly as a Lambda runtime polls AWS's. An invocation is queued until an environment asks for the
 * next event; the environment's response or error answers the {@code Invoke} call.
 */
final class HostedFunction implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HostedFunction.class.getName());
    private static final String RUNTIME_PATH = "/2018-06-01/runtime/";
    /** Lambda's synchronous payload limit, both ways. */
    static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

    final FunctionConfig config;
    final String arn;
    private final Path dir;
    private final Map<String, String> executionEnvironment;
    private final HttpServer runtimeApi;
    private final ExecutorService runtimeThreads;
    private final LinkedBlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    private final List<String> classpath;
    private final List<ChildProcess> environments = new ArrayList<>();
    private volatile String initError;
    private volatile boolean closed;
    private int starts;

    HostedFunction(FunctionConfig config, String arn, Path dir, Map<String, String> executionEnvironment) throws IOException {
        this.config = config;
        this.arn = arn;
        this.dir = dir;
        this.executionEnvironment = executionEnvironment;
        Folders.fresh(dir);
        this.classpath = config.code().isPresent() ? deploy(config.code().get(), dir.resolve("task")) : List.of();
        this.runtimeThreads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "lambda-runtime-" + config.name());
            thread.setDaemon(true);
            return thread;
        });
        this.runtimeApi = Http.server(64);
        runtimeApi.setExecutor(runtimeThreads);
        runtimeApi.createContext(RUNTIME_PATH, this::serveRuntime);
        runtimeApi.start();
    }

    String runtimeApiAddress() {
        return "127.0.0.1:" + runtimeApi.getAddress().getPort();
    }

    Path logFile() {
        return dir.resolve("function.log");
    }

    /** Runs one invocation to its end: the function's answer, its error, a timeout, or its environment's death. */
    Invocation.Result invoke(byte[] payload) {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), payload);
        synchronized (this) {
            if (closed) {
                return error(invocation, "ResourceNotReadyException", "The function " + config.name() + " was deleted");
            }
            ensureRunning();
        }
        pending.add(invocation);
        long waitingSince = System.currentTimeMillis();
        int coldStarts = 0;
        while (true) {
            try {
                return invocation.result.get(200, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                String failure = failure(invocation, waitingSince);
                if ("exit".equals(failure) && !invocation.pickedUp() && !closed && initError == null && coldStarts < 3) {
                    // Its environment went away before taking it (another invocation timed out or crashed it): start a
                    // fresh one, as Lambda would, unless environments keep dying before they ask for work.
                    coldStarts++;
                    synchronized (this) {
                        ensureRunning();
                    }
                    continue;
                }
                if (failure != null) {
                    pending.remove(invocation);
                    inFlight.remove(invocation.requestId);
                    return failureResult(invocation, failure);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return error(invocation, "Runtime.Interrupted", "The devstack is stopping");
            } catch (java.util.concurrent.ExecutionException e) {
                return error(invocation, "Runtime.Unknown", String.valueOf(e.getCause()));
            }
        }
    }

    /** Why an unanswered invocation can no longer be answered, or {@code null} while it still can. */
    private String failure(Invocation invocation, long waitingSince) {
        if (invocation.timedOut()) {
            return "timeout";
        }
        if (initError != null) {
            return "init";
        }
        synchronized (this) {
            if (closed || environments.stream().noneMatch(ChildProcess::isAlive)) {
                return "exit";
            }
        }
        // An environment that never asks for work (a crash loop, a runtime that does not poll) must not hang callers.
        if (!invocation.pickedUp() && System.currentTimeMillis() - waitingSince > config.timeout().toMillis() + 120_000) {
            return "timeout";
        }
        return null;
    }

    private Invocation.Result failureResult(Invocation invocation, String failure) {
        return switch (failure) {
            case "timeout" -> {
                // Lambda stops the environment of a timed-out invocation; the next invocation starts a fresh one.
                restart();
                yield error(invocation, null, Instant.now() + " " + invocation.requestId + " Task timed out after "
                        + String.format(java.util.Locale.ROOT, "%.2f", config.timeout().toMillis() / 1000.0) + " seconds");
            }
            case "init" -> error(invocation, "Runtime.InitError", "RequestId: " + invocation.requestId
                    + " Error: the function failed to initialize: " + initError);
            default -> {
                String tail = environments.isEmpty() ? "" : environments.get(0).tail(20);
                restart();
                yield error(invocation, "Runtime.ExitError", "RequestId: " + invocation.requestId
                        + " Error: Runtime exited without providing a reason. Last lines of its log:\n" + tail);
            }
        };
    }

    private static Invocation.Result error(Invocation invocation, String type, String message) {
        ObjectNode body = AwsJson.MAPPER.createObjectNode();
        body.put("errorMessage", message);
        if (type != null) {
            body.put("errorType", type);
        }
        try {
            return new Invocation.Result(AwsJson.MAPPER.writeValueAsBytes(body), "Unhandled");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void ensureRunning() {
        environments.removeIf(environment -> !environment.isAlive());
        if (!environments.isEmpty()) {
            return;
        }
        initError = null;
        for (int i = 0; i < config.instances(); i++) {
            try {
                starts++;
                environments.add(ChildProcess.start("lambda-" + config.name(), command(), dir, logFile(), environment()));
            } catch (IOException e) {
                throw new UncheckedIOException("starting the function " + config.name() + " failed", e);
            }
        }
        LOG.info(() -> "function " + config.name() + ": " + config.instances() + " execution environment(s) started (start #"
                + starts + "), log " + logFile());
    }

    private synchronized void restart() {
        environments.forEach(ChildProcess::close);
        environments.clear();
        initError = null;
    }

    private List<String> command() {
        if (FunctionConfig.javaFeature(config.runtime()).isEmpty()) {
            return config.command();
        }
        int feature = FunctionConfig.javaFeature(config.runtime()).get();
        Path java = Runtime.version().feature() >= feature
                ? Path.of(System.getProperty("java.home"), "bin", "java")
                : JavaRuntimes.javaExecutable(feature);
        List<String> entries = new ArrayList<>();
        entries.add(runtimeClasspath());
        entries.addAll(classpath);
        // What Lambda's managed Java runtime runs: a small heap-sized JVM with the runtime client as its main class.
        return List.of(java.toString(), "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xmx" + (config.memoryMb() * 85 / 100) + "m",
                "-cp", String.join(File.pathSeparator, entries),
                JavaHandlerRuntime.class.getName(), config.handler());
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_LAMBDA_RUNTIME_API", runtimeApiAddress());
        environment.put("AWS_LAMBDA_FUNCTION_NAME", config.name());
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(config.memoryMb()));
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + config.name());
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME", "devstack/" + config.name());
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + config.runtime());
        environment.put("LAMBDA_TASK_ROOT", dir.resolve("task").toString());
        environment.put("TZ", ":UTC");
        if (config.handler() != null) {
            environment.put("_HANDLER", config.handler());
        }
        environment.putAll(executionEnvironment);
        environment.putAll(config.environment());
        return environment;
    }

    /** Where {@link JavaHandlerRuntime} is: the devstack's jar (or classes folder), which needs nothing but the JDK. */
    private static String runtimeClasspath() {
        try {
            return Path.of(JavaHandlerRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The deployment package on disk as Lambda lays it out: a zip unpacked, its root and lib/*.jar on the classpath. */
    private static List<String> deploy(Path code, Path taskRoot) throws IOException {
        if (!Files.exists(code)) {
            throw new IllegalArgumentException("Code " + code + " does not exist");
        }
        Path root = code;
        if (Files.isRegularFile(code) && code.getFileName().toString().endsWith(".zip")) {
            unzip(code, taskRoot);
            root = taskRoot;
        } else if (Files.isRegularFile(code)) {
            return List.of(code.toAbsolutePath().toString());
        }
        List<String> entries = new ArrayList<>(List.of(root.toAbsolutePath().toString()));
        if (Files.isDirectory(root.resolve("lib"))) {
            entries.add(root.toAbsolutePath().resolve("lib") + File.separator + "*");
        }
        return entries;
    }

    private static void unzip(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path file = target.resolve(entry.getName()).normalize();
                if (!file.startsWith(target)) {
                    throw new IOException("zip entry outside the package: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(in, file);
                }
            }
        }
    }

    // ---- the Lambda Runtime API the execution environments poll

    private void serveRuntime(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(RUNTIME_PATH.length());
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_PAYLOAD_BYTES + 1);
            }
            if ("GET".equals(exchange.getRequestMethod()) && path.equals("invocation/next")) {
                next(exchange);
            } else if ("POST".equals(exchange.getRequestMethod()) && path.equals("init/error")) {
                initError = new String(body, StandardCharsets.UTF_8);
                LOG.warning(() -> "function " + config.name() + " failed to initialize: " + initError);
                respond(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8), Map.of());
            } else if ("POST".equals(exchange.getRequestMethod()) && path.startsWith("invocation/")
                    && (path.endsWith("/response") || path.endsWith("/error"))) {
                String requestId = path.substring("invocation/".length(), path.lastIndexOf('/'));
                Invocation invocation = inFlight.remove(requestId);
                if (invocation == null) {
                    respond(exchange, 400, errorBody("InvalidRequestID", "Unknown or already answered request id " + requestId),
                            Map.of());
                    return;
                }
                if (path.endsWith("/response") && body.length > MAX_PAYLOAD_BYTES) {
                    invocation.result.complete(error(invocation, "Function.ResponseSizeTooLarge",
                            "Response payload size exceeded maximum allowed payload size (" + MAX_PAYLOAD_BYTES + " bytes)."));
                    respond(exchange, 413, errorBody("RequestEntityTooLarge", "The response exceeds 6 MB"), Map.of());
                    return;
                }
                invocation.result.complete(new Invocation.Result(body, path.endsWith("/error") ? "Unhandled" : null));
                respond(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8), Map.of());
            } else {
                respond(exchange, 404, errorBody("NotFound", "No Runtime API route " + exchange.getRequestMethod() + " "
                        + exchange.getRequestURI().getPath()), Map.of());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "runtime API request of " + config.name() + " ended early", e);
        }
    }

    /** Long poll: hands the next invocation to the environment that asks, as soon as there is one. */
    private void next(HttpExchange exchange) throws IOException, InterruptedException {
        Invocation invocation = null;
        while (invocation == null) {
            if (closed) {
                respond(exchange, 500, errorBody("ServiceStopping", "The devstack is stopping"), Map.of());
                return;
            }
            invocation = pending.poll(1, TimeUnit.SECONDS);
            if (invocation != null && invocation.result.isDone()) {
                invocation = null;
            }
        }
        inFlight.put(invocation.requestId, invocation);
        long deadline = invocation.pickedUp(config.timeout());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Lambda-Runtime-Aws-Request-Id", invocation.requestId);
        headers.put("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
        headers.put("Lambda-Runtime-Invoked-Function-Arn", arn);
        headers.put("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                + invocation.requestId.replace("-", "").substring(0, 24) + ";Sampled=0");
        respond(exchange, 200, invocation.payload, headers);
    }

    private static byte[] errorBody(String type, String message) {
        ObjectNode body = AwsJson.MAPPER.createObjectNode().put("errorType", type).put("errorMessage", message);
        try {
            return AwsJson.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body, Map<String, String> headers) throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            environments.forEach(ChildProcess::close);
            environments.clear();
        }
        for (Invocation invocation; (invocation = pending.poll()) != null; ) {
            invocation.result.complete(error(invocation, "ResourceNotFoundException", "The function " + config.name() + " was deleted"));
        }
        runtimeApi.stop(0);
        runtimeThreads.shutdownNow();
    }
}
