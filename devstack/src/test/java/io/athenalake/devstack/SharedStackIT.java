package io.athenalake.devstack;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    /**
     * query-service relies on SQS's FIFO deduplication to run a schedule's firing once whatever the number of
     * replicas sending it: a message with a deduplication id already sent is accepted and not delivered for
     * 5 minutes, even after the first was received and deleted (AWS's FIFO key terms). ElasticMQ does the same.
     */
    @Test
    void theFifoQueueDeliversADuplicatedFiringOnceEvenAfterTheFirstWasDeleted() {
        DevStackEndpoints endpoints = DevStack.shared();
        String url = endpoints.queueUrls().get("schedule-firings");
        assertThat(url).endsWith("/schedule-firings.fifo");
        assertThat(endpoints.queueUrls().get("schedule-firings-dlq")).endsWith("/schedule-firings-dlq.fifo");
        String firing = "shared-stack-it@" + System.nanoTime();
        try (SqsClient sqs = AwsClients.sqs()) {
            assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("FifoQueue", "RedrivePolicy"))
                    .attributesAsStrings()).containsEntry("FifoQueue", "true")
                    .hasEntrySatisfying("RedrivePolicy", p -> assertThat(p).contains("schedule-firings-dlq.fifo"));
            for (int replica = 0; replica < 3; replica++) {
                sqs.sendMessage(b -> b.queueUrl(url).messageBody(firing).messageGroupId("shared-stack-it")
                        .messageDeduplicationId(firing));
            }
            List<software.amazon.awssdk.services.sqs.model.Message> first = sqs.receiveMessage(b -> b.queueUrl(url)
                    .maxNumberOfMessages(10).waitTimeSeconds(2)).messages();
            assertThat(first).extracting(software.amazon.awssdk.services.sqs.model.Message::body).containsExactly(firing);
            sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(first.get(0).receiptHandle()));

            sqs.sendMessage(b -> b.queueUrl(url).messageBody(firing).messageGroupId("shared-stack-it")
                    .messageDeduplicationId(firing));
            assertThat(sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(2)).messages())
                    .as("a late replica's send after the delete").isEmpty();
        }
    }
}
