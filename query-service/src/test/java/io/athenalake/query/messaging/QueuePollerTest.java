package io.athenalake.query.messaging;

import io.athenalake.query.TestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stopped poller (a restart, a deployment) gives back what it holds instead of leaving it invisible for the
 * visibility timeout (60 s here): a message its long poll received while it was stopping, and a message whose
 * handler had not finished. Through ElasticMQ, on a queue of its own.
 */
class QueuePollerTest {

    private static final Duration VISIBILITY = Duration.ofSeconds(60);
    private static SqsClient sqs;
    private static String queueUrl;

    @BeforeAll
    static void queue() {
        sqs = TestSupport.sqs();
        queueUrl = sqs.createQueue(b -> b.queueName("poller-test-" + UUID.randomUUID().toString().substring(0, 8))
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60"))).queueUrl();
    }

    @AfterAll
    static void close() {
        sqs.deleteQueue(b -> b.queueUrl(queueUrl));
        sqs.close();
    }

    @Test
    void aMessageReceivedWhileStoppingIsGivenBackAtOnce() throws Exception {
        QueuePoller poller = new QueuePoller(sqs, "stopping", queueUrl, 2, VISIBILITY, Duration.ofSeconds(5),
                message -> { throw new AssertionError("a stopping poller handed on " + message.body()); });
        poller.start();
        Thread.sleep(1500); // its long poll is waiting on the queue
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(poller::stop);
        Thread.sleep(200);
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("sent while stopping"));
        stopping.get(30, TimeUnit.SECONDS);

        assertThat(receiveWithin(Duration.ofSeconds(5))).extracting(Message::body).containsExactly("sent while stopping");
    }

    @Test
    void aMessageStillBeingHandledIsGivenBackWhenThePollerStops() throws Exception {
        CountDownLatch handling = new CountDownLatch(1);
        QueuePoller poller = new QueuePoller(sqs, "busy", queueUrl, 2, VISIBILITY, Duration.ofSeconds(1), message -> {
            handling.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(5).toMillis()); // a long query
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("a long query"));
        poller.start();
        assertThat(handling.await(30, TimeUnit.SECONDS)).isTrue();
        poller.stop();

        assertThat(receiveWithin(Duration.ofSeconds(5))).extracting(Message::body).containsExactly("a long query");
    }

    /** What the queue gives another receiver within the time (deleted, so the next test starts empty). */
    private static List<Message> receiveWithin(Duration time) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds((int) time.toSeconds())).messages();
        messages.forEach(m -> sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
        return messages;
    }
}
