package io.athenalake.devstack.aws;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Routing and error shapes of the emulated-API endpoint, without a stack. */
class AwsApiServerTest {

    private static AwsApiServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Echo(String operation, String name) {
    }

    @BeforeAll
    static void start() throws Exception {
        JsonApi echo = new JsonApi() {
            @Override
            public String targetPrefix() {
                return "Echo_20240101";
            }

            @Override
            public Object handle(String operation, JsonNode request) {
                if ("Fail".equals(operation)) {
                    throw new IllegalStateException("boom");
                }
                return new Echo(operation, AwsJson.requiredText(request, "Name", "InvalidInputException"));
            }
        };
        QueryApi query = new QueryApi() {
            @Override
            public String signingName() {
                return "rds";
            }

            @Override
            public String xmlNamespace() {
                return "http://rds.amazonaws.com/doc/2014-10-31/";
            }

            @Override
            public String handle(String action, Map<String, List<String>> parameters) {
                if (!"Describe".equals(action)) {
                    throw new AwsException("InvalidAction", "no " + action);
                }
                return Xml.element("Id", parameters.get("Ids.member.1").get(0));
            }
        };
        server = new AwsApiServer(List.of(echo), List.of(query));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void jsonOperationsAreRoutedByTarget() throws Exception {
        HttpResponse<String> response = json("Echo_20240101.Hello", "{\"Name\":\"x\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"Operation\":\"Hello\",\"Name\":\"x\"}");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
    }

    @Test
    void malformedAndInvalidJsonGetAwsErrorShapes() throws Exception {
        HttpResponse<String> malformed = json("Echo_20240101.Hello", "{not json");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("x-amzn-ErrorType")).hasValue("SerializationException");

        HttpResponse<String> missing = json("Echo_20240101.Hello", "{}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("\"__type\":\"InvalidInputException\"", "Value null at 'name'");

        HttpResponse<String> notAnObject = json("Echo_20240101.Hello", "[1]");
        assertThat(notAnObject.body()).contains("SerializationException");
    }

    @Test
    void anUnknownApiIsNamedInTheError() throws Exception {
        HttpResponse<String> response = json("AWSUnknown.DoThing", "{}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("UnknownOperationException", "AWSUnknown.DoThing");
    }

    @Test
    void anInternalFailureIsA500AndTheServerKeepsServing() throws Exception {
        HttpResponse<String> response = json("Echo_20240101.Fail", "{}");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("InternalServerException", "boom");
        assertThat(json("Echo_20240101.Hello", "{\"Name\":\"y\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void queryProtocolActionsAreRoutedBySigningNameAndAnswerXml() throws Exception {
        HttpResponse<String> response = form("rds", "Action=Describe&Version=2014-10-31&Ids.member.1=a%26b");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<DescribeResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">",
                "<DescribeResult><Id>a&amp;b</Id></DescribeResult>", "<RequestId>");

        HttpResponse<String> unknownAction = form("rds", "Action=Nope");
        assertThat(unknownAction.statusCode()).isEqualTo(400);
        assertThat(unknownAction.body()).contains("<Code>InvalidAction</Code>", "<Type>Sender</Type>");

        HttpResponse<String> unknownApi = form("ec2", "Action=DescribeInstances");
        assertThat(unknownApi.body()).contains("InvalidAction", "ec2", "DescribeInstances");
    }

    private static HttpResponse<String> json(String target, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .header("X-Amz-Target", target)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> form(String service, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=devstack/20260101/us-east-1/" + service
                        + "/aws4_request, SignedHeaders=host, Signature=0")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
