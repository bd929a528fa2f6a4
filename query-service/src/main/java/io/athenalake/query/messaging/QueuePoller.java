package io.athenalake.query.messaging;

import io.athenalake.sqs.VisibilityHeartbeat;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Long-polls one queue and hands each message to a handler on a bounded pool: it receives only as
 * many messages as it has free workers, so a slow query never holds messages others could take.
 * While a handler works, its message is kept invisible (a query can outlast the visibility timeout
 * many times and is still received once); a handler deletes what it finished; what it leaves, or
 * what a crashed worker held, becomes visible again within one visibility timeout (at-least-once);
 * what it holds when it is stopped it gives back at once ({@link #stop()}).
 */
final class QueuePoller {

    private static final Logger LOG = Logger.getLogger(QueuePoller.class);

    private final SqsClient sqs;
    private final String name;
    private final String queueUrl;
    private final Consumer<Message> handler;
    private final Semaphore free;
    private final ExecutorService workers;
    private final Duration visibilityTimeout;
    private final VisibilityHeartbeat heartbeat;
    private final Duration waitTime;
    private final Thread thread;
    private final Set<Message> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    QueuePoller(SqsClient sqs, String name, String queueUrl, int workers, Duration visibilityTimeout, Duration waitTime,
                Consumer<Message> handler) {
        this.sqs = sqs;
        this.name = name;
        this.queueUrl = queueUrl;
        this.handler = handler;
        this.free = new Semaphore(workers);
        this.workers = Executors.newFixedThreadPool(workers, runnable -> daemon(runnable, name + "-worker"));
        this.visibilityTimeout = visibilityTimeout;
        this.heartbeat = new VisibilityHeartbeat(sqs, visibilityTimeout, name);
        this.waitTime = waitTime;
        this.thread = daemon(this::poll, name + "-poller");
    }

    void start() {
        thread.start();
        LOG.infof("Consuming %s (%s)", name, queueUrl);
    }

    /**
     * Stops receiving and gives back what this poller holds, so that a restart or a deployment delays no message by
     * a visibility timeout: the receive in progress is awaited (never interrupted: SQS may already have handed its
     * messages over) and what it brought is made visible again at once, as is every message whose handler has not
     * finished within the grace period (its query, if started, is followed by the next receiver: same token).
     */
    void stop() {
        running = false;
        try {
            thread.join(waitTime.plusSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        heartbeat.close();
        giveBack(List.copyOf(inFlight), "its handler had not finished when the service stopped");
    }

    private void poll() {
        while (running) {
            int capacity = 0;
            try {
                if (!free.tryAcquire(1, TimeUnit.SECONDS)) {
                    continue;
                }
                capacity = 1 + free.drainPermits();
                int max = Math.min(10, capacity);
                List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(max)
                        .waitTimeSeconds((int) waitTime.toSeconds())
                        .visibilityTimeout((int) visibilityTimeout.toSeconds())
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                                MessageSystemAttributeName.MESSAGE_GROUP_ID)
                        .messageAttributeNames("All")).messages();
                if (!running) {
                    giveBack(messages, "it was received while the service was stopping");
                    return;
                }
                for (Message message : messages) {
                    inFlight.add(message);
                    try {
                        workers.submit(() -> handle(message));
                        capacity--;
                    } catch (RejectedExecutionException e) {
                        inFlight.remove(message);
                        giveBack(List.of(message), "it was received while the service was stopping");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf("Receiving from %s failed: %s", name, e.toString());
                    pause();
                }
            } finally {
                if (capacity > 0) {
                    free.release(capacity);
                }
            }
        }
    }

    private void handle(Message message) {
        try (VisibilityHeartbeat.Beat ignored = heartbeat.keepInvisible(queueUrl, message.receiptHandle())) {
            handler.accept(message);
        } catch (RuntimeException e) {
            LOG.warnf("Message %s on %s not handled, it will be redelivered: %s", message.messageId(), name, e.toString());
        } finally {
            inFlight.remove(message);
            free.release();
        }
    }

    /** Makes messages this poller holds visible again at once (visibility 0) for another receiver. */
    private void giveBack(List<Message> messages, String why) {
        for (Message message : messages) {
            try {
                sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                        .visibilityTimeout(0));
                LOG.infof("Message %s on %s given back: %s", message.messageId(), name, why);
            } catch (RuntimeException e) {
                LOG.warnf("Message %s on %s could not be given back (visible again after its visibility timeout): %s",
                        message.messageId(), name, e.toString());
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
