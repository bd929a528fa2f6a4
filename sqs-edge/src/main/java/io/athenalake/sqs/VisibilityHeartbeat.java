package io.athenalake.sqs;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageNotInflightException;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps a received message invisible for as long as it is worked on: every half visibility timeout the
 * message's visibility is set to the timeout again ({@code ChangeMessageVisibility}). Work that outlasts the
 * queue's timeout (a query of many minutes, the move of a large export) is then received once; a worker that
 * dies stops beating, so its message is visible again within one visibility timeout and another worker takes it.
 * <p>
 * SQS keeps a message invisible for at most 12 hours after it was received and rejects an extension past
 * that; the heartbeat asks for no more than what is left and then stops, and the message comes back.
 */
public final class VisibilityHeartbeat implements AutoCloseable {

    /** SQS's limit on a message's total visibility timeout, counted from its receive. */
    public static final Duration SQS_MAXIMUM = Duration.ofHours(12);

    private static final System.Logger LOG = System.getLogger(VisibilityHeartbeat.class.getName());

    private final SqsClient sqs;
    private final Duration visibilityTimeout;
    private final ScheduledExecutorService timer;

    /** @param visibilityTimeout what each beat sets the visibility to: the queue's (or the receive's) timeout */
    public VisibilityHeartbeat(SqsClient sqs, Duration visibilityTimeout, String name) {
        if (visibilityTimeout.toSeconds() < 2 || visibilityTimeout.compareTo(SQS_MAXIMUM) > 0) {
            throw new IllegalArgumentException("a visibility timeout to keep up must be 2 s to 12 h, not " + visibilityTimeout);
        }
        this.sqs = sqs;
        this.visibilityTimeout = visibilityTimeout;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name + "-visibility");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts beating for a message received just now; closing the returned beat stops it (before a delete or a retry). */
    public Beat keepInvisible(String queueUrl, String receiptHandle) {
        Beat beat = new Beat(queueUrl, receiptHandle, System.nanoTime());
        long period = period(visibilityTimeout).toMillis();
        beat.future.set(timer.scheduleWithFixedDelay(beat::extend, period, period, TimeUnit.MILLISECONDS));
        return beat;
    }

    /** How often to beat: half the timeout, so one late or failed call still leaves time for the next. */
    static Duration period(Duration visibilityTimeout) {
        return visibilityTimeout.dividedBy(2);
    }

    /**
     * The visibility to ask for {@code sinceReceive} after the receive: the timeout, or what is left of SQS's
     * 12 hours (less one period, as the receive happened a little before the beat started); zero when nothing is.
     */
    static Duration extension(Duration visibilityTimeout, Duration sinceReceive) {
        Duration left = SQS_MAXIMUM.minus(sinceReceive).minus(period(visibilityTimeout));
        if (left.isNegative()) {
            return Duration.ZERO;
        }
        return left.compareTo(visibilityTimeout) < 0 ? Duration.ofSeconds(left.toSeconds()) : visibilityTimeout;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One message kept invisible. */
    public final class Beat implements AutoCloseable {

        private final String queueUrl;
        private final String receiptHandle;
        private final long receivedNanos;
        private final AtomicReference<ScheduledFuture<?>> future = new AtomicReference<>();

        private Beat(String queueUrl, String receiptHandle, long receivedNanos) {
            this.queueUrl = queueUrl;
            this.receiptHandle = receiptHandle;
            this.receivedNanos = receivedNanos;
        }

        private void extend() {
            Duration extension = extension(visibilityTimeout, Duration.ofNanos(System.nanoTime() - receivedNanos));
            if (extension.toSeconds() < 1) {
                LOG.log(System.Logger.Level.WARNING, "A message on {0} is still being worked on 12 hours after its "
                        + "receive, the most SQS keeps a message invisible: it will be received again", queueUrl);
                close();
                return;
            }
            try {
                sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle)
                        .visibilityTimeout((int) extension.toSeconds()));
            } catch (ReceiptHandleIsInvalidException | MessageNotInflightException e) {
                // deleted or visible again already: nothing left to keep invisible
                close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not extend the visibility of a message on {0} (tried again "
                        + "in {1}): {2}", queueUrl, period(visibilityTimeout), e.toString());
            }
        }

        /** Stops beating; the message stays invisible until the last extension ends (or is deleted). */
        @Override
        public void close() {
            ScheduledFuture<?> scheduled = future.get();
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }
}
