package io.athenalake.devstack.lambda;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The devstack's Lambda Java runtime: what AWS's managed {@code java17}/{@code java21} runtimes do for a
 * stream handler, in one class that needs nothing but the JDK. It loads {@code package.Class::method}
 * once (the function's init), then polls the Runtime API at {@code AWS_LAMBDA_RUNTIME_API} for events,
 * calls the handler with the event as an {@code InputStream} and posts what it wrote to the
 * {@code OutputStream} as the response — or, when the handler throws, Lambda's error document
 * ({@code errorMessage}, {@code errorType}, {@code stackTrace}).
 *
 * <p>Handlers take {@code (InputStream, OutputStream)} or {@code (InputStream, OutputStream, Context)};
 * the {@code Context} ({@code com.amazonaws.services.lambda.runtime.Context}, from the function's own
 * {@code aws-lambda-java-core}) is a proxy answering the request id, function name, remaining time and a
 * logger writing to standard output. POJO handlers ({@code RequestHandler<I, O>}) are not supported.
 */
public final class JavaHandlerRuntime {

    private static final String CONTEXT_CLASS = "com.amazonaws.services.lambda.runtime.Context";

    private JavaHandlerRuntime() {
    }

    public static void main(String[] args) throws Exception {
        String api = "http://" + System.getenv("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime/";
        HttpClient http = HttpClient.newHttpClient();
        Object target;
        Method method;
        try {
            String[] handler = args[0].split("::", 2);
            Class<?> type = Class.forName(handler[0]);
            method = Arrays.stream(type.getMethods())
                    .filter(m -> m.getName().equals(handler[1]))
                    .filter(m -> m.getParameterCount() >= 2 && m.getParameterTypes()[0] == InputStream.class
                            && m.getParameterTypes()[1] == OutputStream.class)
                    .findFirst()
                    .orElseThrow(() -> new NoSuchMethodException(args[0] + "(InputStream, OutputStream[, Context])"));
            target = java.lang.reflect.Modifier.isStatic(method.getModifiers()) ? null
                    : type.getDeclaredConstructor().newInstance();
        } catch (Throwable e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            post(http, api + "init/error", errorDocument(cause), "Runtime.InitError");
            cause.printStackTrace();
            System.exit(1);
            return;
        }
        while (true) {
            HttpResponse<byte[]> event = http.send(HttpRequest.newBuilder(URI.create(api + "invocation/next")).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (event.statusCode() != 200) {
                throw new IllegalStateException("The Runtime API answered " + event.statusCode() + " to next: "
                        + new String(event.body(), StandardCharsets.UTF_8));
            }
            String requestId = event.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
            long deadline = event.headers().firstValue("Lambda-Runtime-Deadline-Ms").map(Long::parseLong).orElse(Long.MAX_VALUE);
            String arn = event.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn").orElse("");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                Object[] arguments = method.getParameterCount() == 2
                        ? new Object[] {new ByteArrayInputStream(event.body()), out}
                        : new Object[] {new ByteArrayInputStream(event.body()), out,
                                context(method.getParameterTypes()[2], requestId, deadline, arn)};
                method.invoke(target, arguments);
                post(http, api + "invocation/" + requestId + "/response", out.toByteArray(), null);
            } catch (Throwable e) {
                Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
                cause.printStackTrace();
                post(http, api + "invocation/" + requestId + "/error", errorDocument(cause), cause.getClass().getName());
            }
        }
    }

    private static void post(HttpClient http, String url, byte[] body, String errorType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (errorType != null) {
            request.header("Lambda-Runtime-Function-Error-Type", errorType);
        }
        http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    }

    /** Lambda's error document for an exception, as its Java runtime writes it. */
    static byte[] errorDocument(Throwable error) {
        StringBuilder json = new StringBuilder("{\"errorMessage\":").append(quote(String.valueOf(error.getMessage())))
                .append(",\"errorType\":").append(quote(error.getClass().getName()))
                .append(",\"stackTrace\":[");
        StackTraceElement[] trace = error.getStackTrace();
        for (int i = 0; i < Math.min(trace.length, 50); i++) {
            json.append(i == 0 ? "" : ",").append(quote(trace[i].toString()));
        }
        json.append("]");
        if (error.getCause() != null && error.getCause() != error) {
            json.append(",\"cause\":").append(new String(errorDocument(error.getCause()), StandardCharsets.UTF_8));
        }
        return json.append("}").toString().getBytes(StandardCharsets.UTF_8);
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private static Object context(Class<?> contextType, String requestId, long deadline, String arn) {
        if (!contextType.getName().equals(CONTEXT_CLASS)) {
            throw new IllegalArgumentException("The handler's third parameter must be " + CONTEXT_CLASS);
        }
        return Proxy.newProxyInstance(contextType.getClassLoader(), new Class<?>[] {contextType}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "getAwsRequestId" -> requestId;
                    case "getFunctionName" -> System.getenv("AWS_LAMBDA_FUNCTION_NAME");
                    case "getFunctionVersion" -> System.getenv("AWS_LAMBDA_FUNCTION_VERSION");
                    case "getInvokedFunctionArn" -> arn;
                    case "getLogGroupName" -> System.getenv("AWS_LAMBDA_LOG_GROUP_NAME");
                    case "getLogStreamName" -> System.getenv("AWS_LAMBDA_LOG_STREAM_NAME");
                    case "getMemoryLimitInMB" -> Integer.parseInt(System.getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
                    case "getRemainingTimeInMillis" -> (int) Math.max(0, Math.min(Integer.MAX_VALUE, deadline - System.currentTimeMillis()));
                    case "getLogger" -> logger(method.getReturnType());
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "Context[" + requestId + "]";
                    default -> null;
                });
    }

    private static Object logger(Class<?> loggerType) {
        return Proxy.newProxyInstance(loggerType.getClassLoader(), new Class<?>[] {loggerType}, (proxy, method, args) -> {
            if (method.getName().equals("log") && args != null && args.length > 0) {
                Object message = args[0] instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : args[0];
                System.out.println(message);
            }
            return switch (method.getName()) {
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "LambdaLogger";
                default -> null;
            };
        });
    }
}
