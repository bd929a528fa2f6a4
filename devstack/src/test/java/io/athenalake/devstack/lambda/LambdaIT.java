package io.athenalake.devstack.lambda;

import io.athenalake.devstack.AwsClients;
import io.athenalake.devstack.DevStackAdmin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The devstack's Lambda through the SDK's LambdaClient: a Java function hosted from a folder of classes,
 * invoked by name and by ARN; its exceptions, timeouts and crashes answered as Lambda answers them.
 */
class LambdaIT {

    static final String NAME = "echo-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void hostTheFunction() throws Exception {
        Path classes = Path.of(EchoHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String arn = DevStackAdmin.on(AwsClients.stack()).hostFunction(NAME, classes, EchoHandler.class.getName() + "::handleRequest",
                Duration.ofSeconds(2), 256, Map.of("GREETING", "hello"));
        assertThat(arn).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:" + NAME);
    }

    @Test
    void invokesTheFunctionByNameAndByArn() {
        try (LambdaClient lambda = AwsClients.lambda()) {
            InvokeResponse byName = lambda.invoke(b -> b.functionName(NAME).payload(SdkBytes.fromUtf8String("{\"n\":1}")));
            assertThat(byName.statusCode()).isEqualTo(200);
            assertThat(byName.functionError()).isNull();
            assertThat(byName.executedVersion()).isEqualTo("$LATEST");
            assertThat(byName.payload().asUtf8String())
                    .isEqualTo("{\"echo\":{\"n\":1},\"function\":\"" + NAME + "\",\"greeting\":\"hello\"}");

            InvokeResponse byArn = lambda.invoke(b -> b.functionName("arn:aws:lambda:us-east-1:000000000000:function:" + NAME)
                    .payload(SdkBytes.fromUtf8String("{\"n\":2}")));
            assertThat(byArn.payload().asUtf8String()).startsWith("{\"echo\":{\"n\":2}");
        }
    }

    @Test
    void anExceptionIsAFunctionErrorWithLambdasErrorDocument() {
        try (LambdaClient lambda = AwsClients.lambda()) {
            InvokeResponse failed = lambda.invoke(b -> b.functionName(NAME).payload(SdkBytes.fromUtf8String("[\"fail\"]")));
            assertThat(failed.statusCode()).isEqualTo(200);
            assertThat(failed.functionError()).isEqualTo("Unhandled");
            assertThat(failed.payload().asUtf8String())
                    .contains("\"errorMessage\":\"asked to fail by [\\\"fail\\\"]\"")
                    .contains("\"errorType\":\"java.lang.IllegalStateException\"")
                    .contains("\"stackTrace\":[");
            // the environment survives a handled exception
            assertThat(lambda.invoke(b -> b.functionName(NAME).payload(SdkBytes.fromUtf8String("3"))).functionError()).isNull();
        }
    }

    @Test
    void aTimeoutOrACrashFailsTheInvocationAndTheNextOneGetsAFreshEnvironment() {
        try (LambdaClient lambda = AwsClients.lambda()) {
            InvokeResponse slow = lambda.invoke(b -> b.functionName(NAME).payload(SdkBytes.fromUtf8String("[\"sleep\"]")));
            assertThat(slow.functionError()).isEqualTo("Unhandled");
            assertThat(slow.payload().asUtf8String()).contains("Task timed out after 2.00 seconds");

            InvokeResponse crashed = lambda.invoke(b -> b.functionName(NAME).payload(SdkBytes.fromUtf8String("[\"exit\"]")));
            assertThat(crashed.functionError()).isEqualTo("Unhandled");
            assertThat(crashed.payload().asUtf8String()).contains("Runtime.ExitError");

            assertThat(lambda.invoke(b -> b.functionName(NAME).payload(SdkBytes.fromUtf8String("4"))).payload().asUtf8String())
                    .startsWith("{\"echo\":4");
        }
    }

    @Test
    void anUnknownFunctionIsResourceNotFound() {
        try (LambdaClient lambda = AwsClients.lambda()) {
            assertThatThrownBy(() -> lambda.invoke(b -> b.functionName("no-such-function").payload(SdkBytes.fromUtf8String("{}"))))
                    .isInstanceOf(ResourceNotFoundException.class)
                    .hasMessageContaining("Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function");
        }
    }
}
