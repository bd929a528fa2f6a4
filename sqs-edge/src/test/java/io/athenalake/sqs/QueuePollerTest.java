package io.athenalake.sqs;

import io.athenalake.devstack.DevStack;
import io.athenalake.devstack.DevStackEndpoints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQS edge through ElasticMQ, each test on queues of its own: what each {@link Outcome} does to a message, and
 * what a stopped poller (a restart, a deployment) gives back instead of leaving it invisible for the visibility
 * timeout (60 s here unless said).
 */
class QueuePollerTest {

    private static final Duration VISIBILITY = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(1);
    private static SqsClient sqs;
    private static final List<String> queues = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void client() {
        DevStackEndpoints stack = DevStack.shared();
        sqs = SqsClient.builder().endpointOverride(URI.create(stack.sqsEndpoint())).region(Region.of(stack.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(stack.accessKeyId(), stack.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void close() {
        queues.forEach(url -> sqs.deleteQueue(b -> b.queueUrl(url)));
        sqs.close();
    }

    @Test
    void aMessageReceivedWhileStoppingIsGivenBackAtOnce() throws Exception {
        String queue = queue("stopping", null, 0);
        QueuePoller poller = poller(queue, Optional.empty(), VISIBILITY,
                received -> { throw new AssertionError("a stopping poller handed on " + received.body()); });
        poller.start();
        Thread.sleep(1500); // its long poll is waiting on the queue
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(poller::stop);
        Thread.sleep(200);
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("sent while stopping"));
        stopping.get(30, TimeUnit.SECONDS);

        assertThat(receiveWithin(queue, Duration.ofSeconds(5))).extracting(Message::body).containsExactly("sent while stopping");
    }

    @Test
    void aMessageStillBeingHandledIsGivenBackWhenThePollerStops() throws Exception {
        String queue = queue("busy", null, 0);
        CountDownLatch handling = new CountDownLatch(1);
        QueuePoller poller = poller(queue, Optional.empty(), VISIBILITY, received -> {
            handling.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(5).toMillis()); // a long query
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Outcome.done();
        });
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("a long query"));
        poller.start();
        assertThat(handling.await(30, TimeUnit.SECONDS)).isTrue();
        poller.stop();

        assertThat(receiveWithin(queue, Duration.ofSeconds(5))).extracting(Message::body).containsExactly("a long query");
    }

    @Test
    void doneDeletesTheMessage() throws Exception {
        String queue = queue("done", null, 0);
        List<String> handled = new CopyOnWriteArrayList<>();
        QueuePoller poller = poller(queue, Optional.empty(), Duration.ofSeconds(2), received -> {
            handled.add(received.body());
            return Outcome.done();
        });
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("once"));
        poller.start();
        try {
            Thread.sleep(6000); // three visibility timeouts: a message not deleted would come back
        } finally {
            poller.stop();
        }
        assertThat(handled).containsExactly("once");
        assertThat(receiveWithin(queue, Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void aMessageThatCanNeverBeHandledGoesToTheDeadLetterQueueAtOnceWithItsReason() throws Exception {
        String dlq = queue("dead-dlq", null, 0);
        String queue = queue("dead", dlq, 10);
        QueuePoller poller = poller(queue, Optional.of(dlq), VISIBILITY, received -> {
            Envelopes.object(received.body()); // "not json": MalformedMessageException
            return Outcome.deadLetter("the schedule is not configured");
        });
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("{\"schedule\":\"gone\"}"));
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("not json"));
        poller.start();
        List<Message> dead;
        try {
            dead = receiveAll(dlq, 2, Duration.ofSeconds(20));
        } finally {
            poller.stop();
        }
        assertThat(dead).extracting(Message::body).containsExactlyInAnyOrder("{\"schedule\":\"gone\"}", "not json");
        assertThat(dead).allSatisfy(m -> assertThat(m.messageAttributes().get(DeadLetters.SOURCE_ATTRIBUTE).stringValue())
                .isEqualTo(queue));
        assertThat(dead).extracting(m -> m.messageAttributes().get(DeadLetters.REASON_ATTRIBUTE).stringValue())
                .anySatisfy(reason -> assertThat(reason).isEqualTo("the schedule is not configured"))
                .anySatisfy(reason -> assertThat(reason).startsWith("body is not JSON"));
        assertThat(receiveWithin(queue, Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void withoutADeadLetterQueueTheRedrivePolicyMovesItAfterItsReceives() throws Exception {
        String dlq = queue("redriven-dlq", null, 0);
        String queue = queue("redriven", dlq, 3);
        List<Integer> receives = new CopyOnWriteArrayList<>();
        QueuePoller poller = poller(queue, Optional.empty(), VISIBILITY, received -> {
            receives.add(received.receives());
            throw new MalformedMessageException("no good");
        });
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("malformed"));
        poller.start();
        List<Message> dead;
        try {
            dead = receiveAll(dlq, 1, Duration.ofSeconds(30));
        } finally {
            poller.stop();
        }
        // Made visible at once each time (a 60 s visibility would take minutes), received maxReceiveCount times.
        assertThat(dead).extracting(Message::body).containsExactly("malformed");
        assertThat(receives).containsExactly(1, 2, 3);
    }

    @Test
    void aWaitIsNeverDeadLetteredButARetryIs() throws Exception {
        String waitDlq = queue("wait-dlq", null, 0);
        String waiting = queue("wait", waitDlq, 2);
        String retryDlq = queue("retry-dlq", null, 0);
        String retrying = queue("retry", retryDlq, 2);
        List<Integer> waitAttempts = new CopyOnWriteArrayList<>();
        List<Integer> retryReceives = new CopyOnWriteArrayList<>();
        List<String> settled = new CopyOnWriteArrayList<>();
        QueuePoller waiter = new QueuePoller(sqs, settings(waiting, Optional.empty(), VISIBILITY), received -> {
            waitAttempts.add(received.attempts());
            return received.attempts() < 5 ? Outcome.waitFor(Duration.ofSeconds(1), "the quota is reached") : Outcome.done();
        }, (received, how) -> settled.add(how));
        QueuePoller retrier = poller(retrying, Optional.empty(), VISIBILITY, received -> {
            retryReceives.add(received.receives());
            return Outcome.retryIn(Duration.ofSeconds(1), "S3 answered 500");
        });
        sqs.sendMessage(b -> b.queueUrl(waiting).messageBody("wait for the quota"));
        sqs.sendMessage(b -> b.queueUrl(retrying).messageBody("a failing call"));
        waiter.start();
        retrier.start();
        List<Message> retriedToDeath;
        try {
            retriedToDeath = receiveAll(retryDlq, 1, Duration.ofSeconds(30));
            for (long end = System.nanoTime() + Duration.ofSeconds(30).toNanos(); !settled.contains("deleted") && System.nanoTime() < end; ) {
                Thread.sleep(200);
            }
        } finally {
            waiter.stop();
            retrier.stop();
        }
        // The wait went on past the queue's maxReceiveCount of 2 (sent again with its attempts), then ended: nothing dead.
        assertThat(waitAttempts).containsExactly(1, 2, 3, 4, 5);
        assertThat(settled).contains("requeued").endsWith("deleted");
        assertThat(receiveWithin(waitDlq, Duration.ofSeconds(1))).isEmpty();
        assertThat(receiveWithin(waiting, Duration.ofSeconds(1))).isEmpty();
        // The retry came back after its 1 s (not the 60 s visibility) and the redrive policy took it after 2 receives.
        assertThat(retriedToDeath).extracting(Message::body).containsExactly("a failing call");
        assertThat(retryReceives).containsExactly(1, 2);
    }

    @Test
    void aHandlerThatThrowsLeavesTheMessageForRedelivery() throws Exception {
        String queue = queue("throws", null, 0);
        List<Integer> receives = new CopyOnWriteArrayList<>();
        QueuePoller poller = poller(queue, Optional.empty(), Duration.ofSeconds(2), received -> {
            receives.add(received.receives());
            if (received.receives() == 1) {
                throw new IllegalStateException("the worker fell over");
            }
            return Outcome.done();
        });
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("again"));
        poller.start();
        try {
            for (long end = System.nanoTime() + Duration.ofSeconds(20).toNanos(); receives.size() < 2 && System.nanoTime() < end; ) {
                Thread.sleep(200);
            }
            Thread.sleep(3000);
        } finally {
            poller.stop();
        }
        assertThat(receives).containsExactly(1, 2);
    }

    private static QueuePoller poller(String queue, Optional<String> dlq, Duration visibility, Function<Received, Outcome> handler) {
        return new QueuePoller(sqs, settings(queue, dlq, visibility), handler);
    }

    private static QueuePoller.Settings settings(String queue, Optional<String> dlq, Duration visibility) {
        return new QueuePoller.Settings("test", queue, dlq, 2, visibility, WAIT);
    }

    /** A queue of this test's own; with a redrive policy to {@code dlq} after {@code maxReceiveCount} receives. */
    private static String queue(String name, String dlq, int maxReceiveCount) {
        Map<QueueAttributeName, String> attributes = new java.util.HashMap<>(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60"));
        if (dlq != null) {
            String arn = sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            attributes.put(QueueAttributeName.REDRIVE_POLICY,
                    "{\"deadLetterTargetArn\":\"" + arn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}");
        }
        String url = sqs.createQueue(b -> b.queueName("edge-" + name + "-" + UUID.randomUUID().toString().substring(0, 8))
                .attributes(attributes)).queueUrl();
        queues.add(url);
        return url;
    }

    /** What the queue gives another receiver within the time (deleted). */
    private static List<Message> receiveWithin(String queue, Duration time) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)
                .waitTimeSeconds((int) time.toSeconds()).messageAttributeNames("All")).messages();
        messages.forEach(m -> sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle())));
        return messages;
    }

    private static List<Message> receiveAll(String queue, int count, Duration within) {
        List<Message> all = new ArrayList<>();
        for (long end = System.nanoTime() + within.toNanos(); all.size() < count && System.nanoTime() < end; ) {
            all.addAll(receiveWithin(queue, Duration.ofSeconds(1)));
        }
        return all;
    }
}
