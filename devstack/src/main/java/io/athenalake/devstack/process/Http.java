package io.athenalake.devstack.process;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** HTTP for the devstack itself: the launcher's readiness probes (a GET that answers or does not) and its servers. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {
    }

    /** The body of a 200 answer to {@code GET url}, or empty when the server does not answer so. */
    /**
     * A JDK HTTP server ({@code com.sun.net.httpserver}) on the loopback interface, with Nagle's algorithm off. The JDK
     * server writes a response's headers and body separately and leaves TCP_NODELAY off unless told
     * ({@code sun.net.httpserver.nodelay}): every small answer then waits for the client's delayed ACK, about 40 ms a
     * request — the Lambda Runtime API alone paid it twice per invocation.
     */
    public static HttpServer server(int backlog) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
    }

    public static Optional<String> okBody(String url) {
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
