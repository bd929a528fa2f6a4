package io.athenalake.devstack.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.athenalake.devstack.process.Http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One local endpoint for every emulated AWS API, routed the way AWS's own protocols identify
 * the operation: {@code X-Amz-Target} for the JSON APIs (Athena, Glue, Secrets Manager), the
 * {@code Action} form parameter plus the signing name of the credential scope for the Query
 * APIs (RDS, STS). An operation nobody implements answers with an error naming it.
 */
public final class AwsApiServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AwsApiServer.class.getName());
    private static final Pattern CREDENTIAL_SCOPE = Pattern.compile("Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request");
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, JsonApi> jsonApis = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Map<String, QueryApi> queryApis = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Map<String, java.util.function.Function<JsonNode, Object>> adminCalls =
            new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Map<String, RestApi> restApis = new java.util.concurrent.ConcurrentSkipListMap<>();

    public AwsApiServer(List<JsonApi> jsonApis, List<QueryApi> queryApis) throws IOException {
        jsonApis.forEach(this::register);
        queryApis.forEach(this::register);
        this.server = Http.server(128);
        this.executor = Executors.newFixedThreadPool(32, runnable -> {
            Thread thread = new Thread(runnable, "aws-api");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    /** Adds an API; the endpoint is up first so that servers started later (Trino) can be pointed at it. */
    public void register(JsonApi api) {
        jsonApis.put(api.targetPrefix(), api);
    }

    public void register(QueryApi api) {
        queryApis.put(api.signingName(), api);
    }

    public void register(RestApi api) {
        restApis.put(api.pathPrefix(), api);
    }

    /**
     * Adds a devstack-only call, {@code POST /_devstack/<path>} with a JSON body and answer — things AWS does
     * on its own that a test or a person needs to trigger, such as an automated snapshot.
     */
    public void registerAdmin(String path, java.util.function.Function<JsonNode, Object> call) {
        adminCalls.put(path, call);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        try (exchange) {
            exchange.getResponseHeaders().add("x-amzn-RequestId", requestId);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String path = exchange.getRequestURI().getPath();
            RestApi rest = target == null ? restApi(path) : null;
            if (target == null && path.startsWith("/_devstack/")) {
                serveAdmin(exchange, path.substring("/_devstack/".length()));
            } else if (rest != null) {
                serveRest(exchange, rest, requestId);
            } else if (target != null) {
                serveJson(exchange, target, requestId);
            } else if ("POST".equals(exchange.getRequestMethod())) {
                serveQuery(exchange, requestId);
            } else {
                ObjectNode status = AwsJson.MAPPER.createObjectNode().put("status", "UP");
                status.putPOJO("jsonApis", jsonApis.keySet());
                status.putPOJO("queryApis", queryApis.keySet());
                status.putPOJO("restApis", restApis.keySet());
                status.putPOJO("devstackCalls", adminCalls.keySet());
                respond(exchange, 200, "application/json", AwsJson.MAPPER.writeValueAsBytes(status));
            }
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.WARNING, "request " + requestId + " failed", e);
        }
    }

    private void serveJson(HttpExchange exchange, String target, String requestId) throws IOException {
        int dot = target.lastIndexOf('.');
        String prefix = dot < 0 ? target : target.substring(0, dot);
        String operation = dot < 0 ? "" : target.substring(dot + 1);
        JsonApi api = jsonApis.get(prefix);
        try {
            if (api == null) {
                throw new AwsException("UnknownOperationException",
                        "The devstack does not implement the API of X-Amz-Target " + target);
            }
            byte[] body = readBody(exchange);
            JsonNode request;
            try {
                request = body.length == 0 ? AwsJson.MAPPER.createObjectNode() : AwsJson.MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AwsException("SerializationException", "Malformed JSON request body: " + e.getOriginalMessage());
            }
            if (request == null || !request.isObject()) {
                throw new AwsException("SerializationException", "The request body must be a JSON object");
            }
            Object answer = api.handle(operation, request);
            respond(exchange, 200, "application/x-amz-json-1.1", AwsJson.MAPPER.writeValueAsBytes(answer));
        } catch (AwsException e) {
            respondJsonError(exchange, e);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, target + " failed in the devstack (request " + requestId + ")", e);
            respondJsonError(exchange, new AwsException("InternalServerException",
                    "The devstack failed to answer " + target + ": " + e, 500));
        }
    }

    private RestApi restApi(String path) {
        return restApis.entrySet().stream()
                .filter(e -> path.startsWith(e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    private void serveRest(HttpExchange exchange, RestApi api, String requestId) throws IOException {
        try {
            Map<String, String> query = new LinkedHashMap<>();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            if (rawQuery != null) {
                parseForm(rawQuery).forEach((key, values) -> query.put(key, values.get(0)));
            }
            RestApi.Response response = api.handle(new RestApi.Request(exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(), query, exchange.getRequestHeaders(), readBody(exchange)));
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            String contentType = response.headers().getOrDefault("Content-Type", "application/json");
            respond(exchange, response.status(), contentType, response.body());
        } catch (AwsException e) {
            respondRestError(exchange, e);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "REST request " + requestId + " failed in the devstack", e);
            respondRestError(exchange, new AwsException("ServiceException", "The devstack failed: " + e, 500));
        }
    }

    private void respondRestError(HttpExchange exchange, AwsException error) throws IOException {
        ObjectNode body = AwsJson.MAPPER.createObjectNode();
        body.put("Type", error.senderFault() ? "User" : "Service");
        body.put("message", error.getMessage());
        error.extraFields().forEach(body::putPOJO);
        exchange.getResponseHeaders().set("x-amzn-ErrorType", error.code());
        respond(exchange, error.status(), "application/json", AwsJson.MAPPER.writeValueAsBytes(body));
    }

    private void serveAdmin(HttpExchange exchange, String path) throws IOException {
        var call = adminCalls.get(path);
        try {
            if (call == null || !"POST".equals(exchange.getRequestMethod())) {
                throw new AwsException("UnknownOperationException", "No devstack call POST /_devstack/" + path
                        + "; there are: " + adminCalls.keySet());
            }
            byte[] body = readBody(exchange);
            JsonNode request = body.length == 0 ? AwsJson.MAPPER.createObjectNode() : AwsJson.MAPPER.readTree(body);
            respond(exchange, 200, "application/json", AwsJson.MAPPER.writeValueAsBytes(call.apply(request)));
        } catch (JsonProcessingException e) {
            respondJsonError(exchange, new AwsException("SerializationException", "Malformed JSON: " + e.getOriginalMessage()));
        } catch (AwsException e) {
            respondJsonError(exchange, e);
        }
    }

    private void respondJsonError(HttpExchange exchange, AwsException error) throws IOException {
        ObjectNode body = AwsJson.MAPPER.createObjectNode();
        body.put("__type", error.code());
        body.put("Message", error.getMessage());
        error.extraFields().forEach(body::putPOJO);
        exchange.getResponseHeaders().add("x-amzn-ErrorType", error.code());
        respond(exchange, error.status(), "application/x-amz-json-1.1", AwsJson.MAPPER.writeValueAsBytes(body));
    }

    private void serveQuery(HttpExchange exchange, String requestId) throws IOException {
        QueryApi api = null;
        try {
            Map<String, List<String>> parameters = parseForm(new String(readBody(exchange), StandardCharsets.UTF_8));
            String action = parameters.getOrDefault("Action", List.of("")).get(0);
            String signingName = signingName(exchange.getRequestHeaders().getFirst("Authorization"));
            api = queryApis.get(signingName);
            if (api == null) {
                throw new AwsException("InvalidAction", "The devstack does not implement the API '" + signingName
                        + "' (action " + action + ")");
            }
            if (action.isEmpty()) {
                throw new AwsException("MissingAction", "The request must contain the parameter Action");
            }
            String result = api.handle(action, parameters);
            String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<" + action + "Response xmlns=\"" + api.xmlNamespace() + "\">"
                    + "<" + action + "Result>" + result + "</" + action + "Result>"
                    + "<ResponseMetadata><RequestId>" + requestId + "</RequestId></ResponseMetadata>"
                    + "</" + action + "Response>";
            respond(exchange, 200, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
        } catch (AwsException e) {
            respondQueryError(exchange, api, e, requestId);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Query API request " + requestId + " failed in the devstack", e);
            respondQueryError(exchange, api, new AwsException("InternalFailure", "The devstack failed: " + e, 500), requestId);
        }
    }

    private void respondQueryError(HttpExchange exchange, QueryApi api, AwsException error, String requestId)
            throws IOException {
        String namespace = api == null ? "https://devstack.athena-lake.local/" : api.xmlNamespace();
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ErrorResponse xmlns=\"" + namespace + "\"><Error>"
                + "<Type>" + (error.senderFault() ? "Sender" : "Receiver") + "</Type>"
                + "<Code>" + Xml.escape(error.code()) + "</Code>"
                + "<Message>" + Xml.escape(error.getMessage()) + "</Message>"
                + "</Error><RequestId>" + requestId + "</RequestId></ErrorResponse>";
        respond(exchange, error.status(), "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    static String signingName(String authorization) {
        if (authorization == null) {
            return "";
        }
        Matcher matcher = CREDENTIAL_SCOPE.matcher(authorization);
        return matcher.find() ? matcher.group(1) : "";
    }

    static Map<String, List<String>> parseForm(String body) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (body.isBlank()) {
            return parameters;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new AwsException("RequestEntityTooLargeException", "The request body exceeds 16 MB", 413);
            }
            return body;
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
