package io.athenalake.sqs;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The services' one way to consume a queue. Long-polls it and hands each message to a handler on a bounded pool:
 * it receives only as many messages as it has free workers, so slow work never holds messages others could take.
 * While a handler works, its message is kept invisible ({@link VisibilityHeartbeat}: work can outlast the
 * visibility timeout many times and is still received once). The handler's {@link Outcome} is carried out here —
 * delete, retry after a back-off, wait (never dead-lettered for waiting), dead-letter with the reason
 * ({@link DeadLetters}); a handler that throws leaves its message for redelivery within one visibility timeout, as
 * does a crashed worker (at-least-once); what the poller holds when it is stopped it gives back at once
 * ({@link #stop()}).
 */
public final class QueuePoller {

    /** SQS's limits: a message's visibility (12 hours) and a message's delay (15 minutes). */
    static final long MAX_VISIBILITY_SECONDS = VisibilityHeartbeat.SQS_MAXIMUM.toSeconds();
    static final long MAX_DELAY_SECONDS = 15 * 60;
    private static final System.Logger LOG = System.getLogger(QueuePoller.class.getName());

    /**
     * @param name                a short name for logs and threads ({@code rds-events}, {@code query-requests}, ...)
     * @param deadLetterQueueUrl  where {@link Outcome#deadLetter} sends; empty: the queue's redrive policy moves it
     * @param workers             messages handled at once
     * @param visibilityTimeout   the receive's visibility timeout, kept up by the heartbeat (2 s to 12 h)
     * @param waitTime            long polling (0 to 20 s)
     */
    public record Settings(String name, String queueUrl, Optional<String> deadLetterQueueUrl, int workers,
                           Duration visibilityTimeout, Duration waitTime) {
        public Settings {
            Objects.requireNonNull(name);
            Objects.requireNonNull(queueUrl);
            Objects.requireNonNull(deadLetterQueueUrl);
            if (workers < 1) {
                throw new IllegalArgumentException(name + ": workers must be at least 1, not " + workers);
            }
            if (waitTime.isNegative() || waitTime.toSeconds() > 20) {
                throw new IllegalArgumentException(name + ": SQS long-polls 0 to 20 s, not " + waitTime);
            }
        }
    }

    private final SqsClient sqs;
    private final Settings settings;
    private final Function<Received, Outcome> handler;
    private final BiConsumer<Received, String> settled;
    private final DeadLetters deadLetters;
    private final Semaphore free;
    private final ExecutorService workers;
    private final VisibilityHeartbeat heartbeat;
    private final Thread thread;
    private final Set<Message> inFlight = ConcurrentHashMap.newKeySet();
    private volatile OptionalInt maxReceiveCount;
    private volatile boolean running = true;

    public QueuePoller(SqsClient sqs, Settings settings, Function<Received, Outcome> handler) {
        this(sqs, settings, handler, (received, how) -> { });
    }

    /** @param settled told how each message ended: deleted, retried, requeued, dead-lettered or left */
    public QueuePoller(SqsClient sqs, Settings settings, Function<Received, Outcome> handler,
                       BiConsumer<Received, String> settled) {
        this.sqs = sqs;
        this.settings = settings;
        this.handler = handler;
        this.settled = settled;
        this.deadLetters = new DeadLetters(sqs);
        this.free = new Semaphore(settings.workers());
        this.workers = Executors.newFixedThreadPool(settings.workers(), runnable -> daemon(runnable, settings.name() + "-worker"));
        this.heartbeat = new VisibilityHeartbeat(sqs, settings.visibilityTimeout(), settings.name());
        this.thread = daemon(this::poll, settings.name() + "-poller");
    }

    public void start() {
        thread.start();
        LOG.log(System.Logger.Level.INFO, "Consuming {0} ({1})", settings.name(), settings.queueUrl());
    }

    /**
     * Stops receiving and gives back what this poller holds, so that a restart or a deployment delays no message by
     * a visibility timeout: the receive in progress is awaited (never interrupted: SQS may already have handed its
     * messages over) and what it brought is made visible again at once, as is every message whose handler has not
     * finished within the grace period (its work, if idempotent, is resumed by the next receiver).
     */
    public void stop() {
        running = false;
        try {
            thread.join(settings.waitTime().plusSeconds(5).toMillis());
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
                List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(settings.queueUrl()).maxNumberOfMessages(max)
                        .waitTimeSeconds((int) settings.waitTime().toSeconds())
                        .visibilityTimeout((int) settings.visibilityTimeout().toSeconds())
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
                    LOG.log(System.Logger.Level.WARNING, "Receiving from {0} failed: {1}", settings.name(), e.toString());
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
        Received received = Received.of(message);
        Outcome outcome = null;
        try {
            try (VisibilityHeartbeat.Beat ignored = heartbeat.keepInvisible(settings.queueUrl(), message.receiptHandle())) {
                outcome = handler.apply(received);
            } catch (MalformedMessageException e) {
                outcome = Outcome.deadLetter(e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Message {0} on {1} not handled, it will be redelivered: {2}",
                        message.messageId(), settings.name(), e.toString());
            }
            settle(received, outcome);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Message {0} on {1} could not be settled ({2}), it will be redelivered: {3}",
                    message.messageId(), settings.name(), outcome, e.toString());
        } finally {
            inFlight.remove(message);
            free.release();
        }
    }

    private void settle(Received received, Outcome outcome) {
        Message message = received.message();
        String how;
        if (outcome == null) {
            how = "left";
        } else if (outcome instanceof Outcome.Done) {
            sqs.deleteMessage(r -> r.queueUrl(settings.queueUrl()).receiptHandle(message.receiptHandle()));
            how = "deleted";
        } else if (outcome instanceof Outcome.DeadLetter dead) {
            deadLetters.deadLetter(settings.name(), settings.queueUrl(), settings.deadLetterQueueUrl(), message, dead.reason());
            how = "dead-lettered";
        } else if (outcome instanceof Outcome.Wait wait && nearRedriveLimit(received) && sendAgain(received, wait.delay())) {
            sqs.deleteMessage(r -> r.queueUrl(settings.queueUrl()).receiptHandle(message.receiptHandle()));
            LOG.log(System.Logger.Level.INFO, "Message {0} on {1} sent again, visible in {2} (attempt {3}, near the redrive limit): {4}",
                    message.messageId(), settings.name(), wait.delay(), received.attempts(), wait.reason());
            how = "requeued";
        } else {
            Duration delay = outcome instanceof Outcome.Wait wait ? wait.delay() : ((Outcome.Retry) outcome).delay();
            int seconds = (int) Math.max(0, Math.min(delay.toSeconds(), MAX_VISIBILITY_SECONDS));
            sqs.changeMessageVisibility(r -> r.queueUrl(settings.queueUrl()).receiptHandle(message.receiptHandle())
                    .visibilityTimeout(seconds));
            how = "retried";
        }
        settled.accept(received, how);
    }

    /** Whether another receive could move the message to the dead-letter queue (a FIFO queue cannot delay a send). */
    private boolean nearRedriveLimit(Received received) {
        if (Queues.fifo(settings.queueUrl())) {
            return false;
        }
        OptionalInt limit = maxReceiveCount;
        if (limit == null) {
            try {
                limit = Queues.maxReceiveCount(sqs, settings.queueUrl());
                maxReceiveCount = limit;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "The redrive policy of {0} could not be read: {1}", settings.name(), e.toString());
                return false;
            }
        }
        return limit.isPresent() && received.receives() >= Math.max(1, limit.getAsInt() - 1);
    }

    /**
     * Sends the message again as a new one (a fresh receive count) that becomes visible after the delay (SQS allows
     * at most 15 minutes; a longer wait continues by visibility on its next receive), carrying its attempts. If the
     * send fails, the original waits by visibility instead; if the delete fails after the send, the message is
     * handled twice, which a handler of an at-least-once queue tolerates.
     */
    private boolean sendAgain(Received received, Duration delay) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>(received.message().messageAttributes());
        attributes.put(Received.ATTEMPTS_ATTRIBUTE, MessageAttributeValue.builder().dataType("Number")
                .stringValue(Integer.toString(received.attempts())).build());
        try {
            sqs.sendMessage(b -> b.queueUrl(settings.queueUrl()).messageBody(received.body())
                    .delaySeconds((int) Math.max(0, Math.min(delay.toSeconds(), MAX_DELAY_SECONDS)))
                    .messageAttributes(attributes));
            return true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Message {0} on {1} could not be sent again, it waits by visibility: {2}",
                    received.message().messageId(), settings.name(), e.toString());
            return false;
        }
    }

    /** Makes messages this poller holds visible again at once (visibility 0) for another receiver. */
    private void giveBack(List<Message> messages, String why) {
        for (Message message : messages) {
            try {
                sqs.changeMessageVisibility(r -> r.queueUrl(settings.queueUrl()).receiptHandle(message.receiptHandle())
                        .visibilityTimeout(0));
                LOG.log(System.Logger.Level.INFO, "Message {0} on {1} given back: {2}", message.messageId(), settings.name(), why);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING,
                        "Message {0} on {1} could not be given back (visible again after its visibility timeout): {2}",
                        message.messageId(), settings.name(), e.toString());
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
