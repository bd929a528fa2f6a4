package io.athenalake.devstack.aws;

import java.util.List;
import java.util.Map;

/**
 * An AWS API on the REST protocols, routed by path (e.g. Lambda's {@code /2015-03-31/functions/…}).
 * Errors are thrown as {@link AwsException} and answered as REST-JSON errors: the code in
 * {@code x-amzn-ErrorType}, {@code Type} and {@code message} in the body.
 */
public interface RestApi {

    /** The path prefix the API owns, e.g. {@code /2015-03-31/functions/}. */
    String pathPrefix();

    Response handle(Request request);

    /**
     * @param path  the decoded path
     * @param query decoded query parameters (first value of each)
     */
    record Request(String method, String path, Map<String, String> query, Map<String, List<String>> headers, byte[] body) {

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                    .map(e -> e.getValue().get(0))
                    .findFirst().orElse(null);
        }
    }

    record Response(int status, Map<String, String> headers, byte[] body) {
    }
}
