package io.athenalake.devstack.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.athenalake.devstack.aws.AwsException;
import io.athenalake.devstack.aws.AwsJson;
import io.athenalake.devstack.aws.RestApi;
import io.athenalake.devstack.process.Folders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * AWS Lambda, emulated: the {@code Invoke}, {@code GetFunction} and {@code DeleteFunction} operations of the
 * Lambda REST API ({@code /2015-03-31/functions/…}) and the devstack's way to host a function
 * ({@link #createFunction}, or {@code POST /_devstack/lambda/functions}). Each function runs in child
 * processes that poll its own Lambda Runtime API (see {@link HostedFunction}).
 */
public final class LambdaApi implements RestApi, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LambdaApi.class.getName());
    private static final String PREFIX = "/2015-03-31/functions/";

    private final String region;
    private final String accountId;
    private final Path workDir;
    private final Map<String, String> executionEnvironment;
    private final Map<String, HostedFunction> functions = new ConcurrentHashMap<>();

    /**
     * @param executionEnvironment what every function's environment holds besides its own variables: the region and
     *                             the credentials its execution role would give it
     */
    public LambdaApi(String region, String accountId, Path workDir, Map<String, String> executionEnvironment) {
        this.region = region;
        this.accountId = accountId;
        this.workDir = workDir;
        this.executionEnvironment = Map.copyOf(executionEnvironment);
    }

    @Override
    public String pathPrefix() {
        return PREFIX;
    }

    public String functionArn(String name) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
    }

    /** Hosts a function (replacing one of the same name) and returns its configuration as GetFunction shows it. */
    public ObjectNode createFunction(FunctionConfig config) {
        HostedFunction function;
        try {
            function = new HostedFunction(config, functionArn(config.name()), workDir.resolve(config.name()),
                    executionEnvironment);
        } catch (IOException e) {
            throw new UncheckedIOException("hosting " + config.name() + " failed", e);
        }
        HostedFunction previous = functions.put(config.name(), function);
        if (previous != null) {
            previous.close();
        }
        LOG.info(() -> "hosting function " + config.name() + " (" + config.runtime() + "), runtime API "
                + function.runtimeApiAddress());
        return configuration(function);
    }

    /** {@code POST /_devstack/lambda/functions}: CreateFunction's fields, with the code as a local path. */
    public Object createFunction(JsonNode request) {
        String invalid = "InvalidParameterValueException";
        JsonNode code = AwsJson.object(request, "Code", invalid);
        Map<String, String> environment = new LinkedHashMap<>();
        AwsJson.object(AwsJson.object(request, "Environment", invalid), "Variables", invalid).fields()
                .forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
        try {
            return createFunction(new FunctionConfig(
                    AwsJson.requiredText(request, "FunctionName", invalid),
                    AwsJson.optionalText(request, "Runtime", invalid).orElse("java17"),
                    AwsJson.optionalText(request, "Handler", invalid).orElse(null),
                    AwsJson.optionalText(code, "Path", invalid).map(Path::of),
                    AwsJson.textList(request, "Command", invalid),
                    environment,
                    Duration.ofSeconds(AwsJson.optionalInt(request, "Timeout", invalid)
                            .orElse((int) FunctionConfig.DEFAULT_TIMEOUT.toSeconds())),
                    AwsJson.optionalInt(request, "MemorySize", invalid).orElse(FunctionConfig.DEFAULT_MEMORY_MB),
                    AwsJson.optionalInt(request, "Instances", invalid).orElse(1)));
        } catch (IllegalArgumentException e) {
            throw new AwsException(invalid, e.getMessage());
        }
    }

    /** Invokes a function synchronously, as {@code Invoke} with {@code RequestResponse} does. */
    public Invocation.Result invoke(String functionName, byte[] payload) {
        return function(functionName).invoke(payload);
    }

    public void deleteFunction(String functionName) {
        HostedFunction function = functions.remove(function(functionName).config.name());
        if (function != null) {
            function.close();
        }
    }

    @Override
    public Response handle(Request request) {
        String rest = request.path().substring(PREFIX.length());
        if (rest.endsWith("/invocations") && "POST".equals(request.method())) {
            return invoke(request, rest.substring(0, rest.length() - "/invocations".length()));
        }
        if (!rest.contains("/") && "GET".equals(request.method())) {
            ObjectNode body = AwsJson.MAPPER.createObjectNode();
            body.set("Configuration", configuration(function(rest)));
            return json(200, body, Map.of());
        }
        if (!rest.contains("/") && "DELETE".equals(request.method())) {
            deleteFunction(rest);
            return new Response(204, Map.of(), new byte[0]);
        }
        throw AwsException.unknownOperation("Lambda", request.method() + " " + request.path());
    }

    private Response invoke(Request request, String functionName) {
        HostedFunction function = function(functionName);
        if (request.body().length > HostedFunction.MAX_PAYLOAD_BYTES) {
            throw new AwsException("RequestTooLargeException", "Request must be smaller than "
                    + HostedFunction.MAX_PAYLOAD_BYTES + " bytes for the InvokeFunction operation", 413);
        }
        String type = Optional.ofNullable(request.header("X-Amz-Invocation-Type")).orElse("RequestResponse");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Amz-Executed-Version", "$LATEST");
        switch (type) {
            case "DryRun" -> {
                return new Response(204, headers, new byte[0]);
            }
            case "Event" -> {
                CompletableFuture.runAsync(() -> function.invoke(request.body()));
                return new Response(202, headers, new byte[0]);
            }
            case "RequestResponse" -> {
                Invocation.Result result = function.invoke(request.body());
                if (result.functionError() != null) {
                    headers.put("X-Amz-Function-Error", result.functionError());
                }
                headers.put("Content-Type", "application/json");
                return new Response(200, headers, result.payload());
            }
            default -> throw new AwsException("InvalidParameterValueException",
                    "X-Amz-Invocation-Type must be RequestResponse, Event or DryRun, not " + type);
        }
    }

    private HostedFunction function(String nameOrArn) {
        String name = functionName(nameOrArn);
        HostedFunction function = functions.get(name);
        if (function == null) {
            throw new AwsException("ResourceNotFoundException", "Function not found: " + functionArn(name), 404);
        }
        return function;
    }

    /** The name in a function name, a full or partial ARN ({@code …:function:name[:qualifier]}). */
    static String functionName(String nameOrArn) {
        String decoded = java.net.URLDecoder.decode(nameOrArn, StandardCharsets.UTF_8);
        int marker = decoded.indexOf("function:");
        if (marker < 0) {
            return decoded;
        }
        String rest = decoded.substring(marker + "function:".length());
        int qualifier = rest.indexOf(':');
        return qualifier < 0 ? rest : rest.substring(0, qualifier);
    }

    private ObjectNode configuration(HostedFunction function) {
        FunctionConfig config = function.config;
        ObjectNode configuration = AwsJson.MAPPER.createObjectNode()
                .put("FunctionName", config.name())
                .put("FunctionArn", function.arn)
                .put("Runtime", config.runtime())
                .put("Timeout", config.timeout().toSeconds())
                .put("MemorySize", config.memoryMb())
                .put("Version", "$LATEST")
                .put("State", "Active")
                .put("PackageType", "Zip");
        if (config.handler() != null) {
            configuration.put("Handler", config.handler());
        }
        ObjectNode variables = configuration.putObject("Environment").putObject("Variables");
        config.environment().forEach(variables::put);
        configuration.put("LogFile", function.logFile().toString());
        return configuration;
    }

    private static Response json(int status, Object body, Map<String, String> headers) {
        try {
            return new Response(status, headers, AwsJson.MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> functionNames() {
        return new ArrayList<>(functions.keySet());
    }

    @Override
    public void close() {
        functions.values().forEach(HostedFunction::close);
        functions.clear();
        try {
            Folders.deleteRecursively(workDir);
        } catch (IOException e) {
            LOG.fine("could not remove " + workDir + ": " + e);
        }
    }
}
