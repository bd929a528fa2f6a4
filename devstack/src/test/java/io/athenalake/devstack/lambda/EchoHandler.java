package io.athenalake.devstack.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A function for the Lambda tests: echoes its event, fails or sleeps when the event asks it to. */
public class EchoHandler {

    public void handleRequest(InputStream in, OutputStream out) throws IOException, InterruptedException {
        String event = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (event.contains("\"fail\"")) {
            throw new IllegalStateException("asked to fail by " + event);
        }
        if (event.contains("\"sleep\"")) {
            Thread.sleep(5_000);
        }
        if (event.contains("\"exit\"")) {
            System.exit(3);
        }
        out.write(("{\"echo\":" + event + ",\"function\":\"" + System.getenv("AWS_LAMBDA_FUNCTION_NAME") + "\",\"greeting\":\""
                + System.getenv("GREETING") + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
