package io.athenalake.devstack;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The build's stack is one process, described by its state file and reused by every caller. */
class SharedStackIT {

    @Test
    void everyCallerGetsTheSameStackAndItsQueuesExist() throws Exception {
        DevStackEndpoints endpoints = DevStack.shared();

        Path stateFile = Path.of(System.getProperty(DevStack.STATE_DIR_PROPERTY), "state.json");
        assertThat(Files.readString(stateFile)).contains(endpoints.awsEndpoint());
        assertThat(ProcessHandle.of(endpoints.pid())).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
        assertThat(endpoints.pid()).isNotEqualTo(ProcessHandle.current().pid());

        try (SqsClient sqs = AwsClients.sqs()) {
            assertThat(sqs.listQueues().queueUrls()).contains(
                    endpoints.queueUrls().get("rds-events"), endpoints.queueUrls().get("query-results-dlq"));
            String url = endpoints.queueUrls().get("query-requests");
            assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("RedrivePolicy"))
                    .attributesAsStrings().get("RedrivePolicy")).contains("query-requests-dlq");
        }
        HttpResponse<String> status = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(endpoints.awsEndpoint() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(status.body()).contains("AmazonAthena", "secretsmanager", "sts");
    }
}
