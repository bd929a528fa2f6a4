package io.athenalake.export.messaging;

import io.athenalake.export.config.ExportServiceConfig;
import io.athenalake.export.export.ExportWorkflow;
import io.athenalake.sqs.VisibilityHeartbeat;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.aws.sqs.SqsIncomingMetadata;
import io.smallrye.reactive.messaging.aws.sqs.SqsReceiveMessageRequestCustomizer;
import io.smallrye.reactive.messaging.aws.sqs.fault.VisibilityTimeoutMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Consumes {@code rds-events} (channel {@code rds-events}, connector {@code smallrye-sqs}, failure
 * strategy {@code visibility}). Every message ends one of three ways:
 * <ul>
 *   <li>acknowledged (deleted): handled, or an event export-service does not act on (logged why);</li>
 *   <li>retried later: made visible again after a back-off that doubles with each attempt
 *       (export quota, export not finished, crawler running, a failing remote call). A wait that is
 *       expected to end (quota, export not finished, crawler running) never reaches the dead-letter
 *       queue: when the message has used up the receives its queue's redrive policy allows, a copy
 *       carrying the attempt count is sent with a delay and the original acknowledged;</li>
 *   <li>malformed: made visible at once, so the queue's redrive policy moves it to the dead-letter
 *       queue after its maxReceiveCount; the reason is logged on every receive.</li>
 * </ul>
 */
@ApplicationScoped
public class RdsEventsConsumer {

    private static final Logger LOG = Logger.getLogger(RdsEventsConsumer.class);
    private static final long MAX_VISIBILITY_SECONDS = 12 * 60 * 60;
    private static final long MAX_DELAY_SECONDS = 15 * 60;
    private static final String ATTEMPTS = "athena-lake-attempts";
    private static final Pattern MAX_RECEIVE_COUNT = Pattern.compile("\"maxReceiveCount\"\\s*:\\s*\"?(\\d+)");

    private final ExportWorkflow workflow;
    private final ExportServiceConfig.Retry retry;
    private final MeterRegistry metrics;
    private final SqsClient sqs;
    private final String queueUrl;
    private final VisibilityHeartbeat heartbeat;
    private volatile OptionalInt redriveLimit;

    RdsEventsConsumer(ExportWorkflow workflow, ExportServiceConfig config, MeterRegistry metrics, SqsClient sqs) {
        this.workflow = workflow;
        this.retry = config.retry();
        this.metrics = metrics;
        this.sqs = sqs;
        this.queueUrl = config.rdsEventsQueueUrl();
        this.heartbeat = new VisibilityHeartbeat(sqs, Duration.ofSeconds(config.receive().visibilityTimeoutSeconds()),
                "rds-events");
    }

    @Incoming("rds-events")
    @Blocking(ordered = false)
    public CompletionStage<Void> consume(Message<String> message) {
        int receives = receiveCount(message);
        int attempts = earlierAttempts(message) + receives;
        Duration retryIn;
        boolean requeue = false;
        Throwable reason;
        VisibilityHeartbeat.Beat keepInvisible = keepInvisible(message);
        try {
            RdsEvent event = RdsEventParser.parse(message.getPayload());
            if (event instanceof RdsEvent.SnapshotCreated created) {
                workflow.snapshotCreated(created);
            } else if (event instanceof RdsEvent.ExportEnded ended) {
                workflow.exportEnded(ended);
            } else if (event instanceof RdsEvent.CrawlerStateChanged crawl) {
                workflow.crawlerStateChanged(crawl);
            } else if (event instanceof RdsEvent.Ignored ignored) {
                LOG.infof("event %s: %s is not acted on, acknowledged", ignored.eventId(), ignored.what());
            }
            metrics.counter("athena_lake_rds_events", "outcome", "handled").increment();
            retryIn = null;
            reason = null;
        } catch (MalformedEventException e) {
            LOG.warnf("malformed event (receive %d), left for the dead-letter queue: %s", receives, e.getMessage());
            metrics.counter("athena_lake_rds_events", "outcome", "malformed").increment();
            retryIn = retry.malformed();
            reason = e;
        } catch (RetryLaterException e) {
            retryIn = backOff(e.delay(), attempts);
            requeue = nearRedriveLimit(receives);
            LOG.infof("retry in %s (attempt %d%s): %s", retryIn, attempts, requeue ? ", sent again as a new message" : "",
                    e.getMessage());
            metrics.counter("athena_lake_rds_events", "outcome", requeue ? "requeued" : "retried").increment();
            reason = e;
        } catch (RuntimeException e) {
            retryIn = backOff(retry.transientFailure(), attempts);
            LOG.warnf(e, "event failed (receive %d), retry in %s: %s", receives, retryIn, e.toString());
            metrics.counter("athena_lake_rds_events", "outcome", "failed").increment();
            reason = e;
        } finally {
            if (keepInvisible != null) {
                keepInvisible.close();
            }
            MDC.remove("exportId");
        }
        if (retryIn == null) {
            return message.ack();
        }
        if (requeue && sendAgain(message, attempts, retryIn)) {
            return message.ack();
        }
        return later(message, reason, retryIn);
    }

    /** Whether another visibility back-off could move the message to the dead-letter queue. */
    private boolean nearRedriveLimit(int receives) {
        OptionalInt limit = redriveLimit();
        return limit.isPresent() && receives >= Math.max(1, limit.getAsInt() - 1);
    }

    /** The queue's maxReceiveCount, read once (none when the queue has no redrive policy). */
    private OptionalInt redriveLimit() {
        OptionalInt limit = redriveLimit;
        if (limit == null) {
            String policy = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                    .attributes().get(QueueAttributeName.REDRIVE_POLICY);
            Matcher count = policy == null ? null : MAX_RECEIVE_COUNT.matcher(policy);
            limit = count != null && count.find() ? OptionalInt.of(Integer.parseInt(count.group(1))) : OptionalInt.empty();
            redriveLimit = limit;
        }
        return limit;
    }

    /**
     * Sends the event again as a new message (a fresh receive count) that becomes visible after the delay
     * (SQS allows at most 15 minutes; a longer back-off continues by visibility on its next receive). If the
     * send fails, the original is retried by visibility instead; if the acknowledgement fails after the send,
     * the event is handled twice, which every step tolerates.
     */
    private boolean sendAgain(Message<String> message, int attempts, Duration delay) {
        try {
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(message.getPayload())
                    .delaySeconds((int) Math.min(delay.toSeconds(), MAX_DELAY_SECONDS))
                    .messageAttributes(Map.of(ATTEMPTS, MessageAttributeValue.builder().dataType("Number")
                            .stringValue(Integer.toString(attempts)).build())));
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("could not send the event again, retried by visibility instead: %s", e.toString());
            return false;
        }
    }

    /** Attempts before this message was sent again ({@link #sendAgain}); 0 for an event as EventBridge sent it. */
    private static int earlierAttempts(Message<String> message) {
        return message.getMetadata(SqsIncomingMetadata.class)
                .map(m -> m.getMessage().messageAttributes().get(ATTEMPTS))
                .map(MessageAttributeValue::stringValue).map(Integer::parseInt).orElse(0);
    }

    /**
     * Keeps the message invisible while it is handled (a move of a large export can outlast the
     * visibility timeout; another receive meanwhile would only wait for the export's lock and then
     * find its receipt handle stale). A crashed instance stops extending, so the event comes back.
     */
    private VisibilityHeartbeat.Beat keepInvisible(Message<String> message) {
        return message.getMetadata(SqsIncomingMetadata.class).map(m -> m.getMessage().receiptHandle())
                .map(receiptHandle -> heartbeat.keepInvisible(queueUrl, receiptHandle))
                .orElse(null);
    }

    @PreDestroy
    void stop() {
        heartbeat.close();
    }

    /** The back-off doubles with every attempt, up to the configured maximum (SQS allows 12 hours). */
    private Duration backOff(Duration base, int attempts) {
        return backOff(base, attempts, retry.maxDelay());
    }

    static Duration backOff(Duration base, int receives, Duration max) {
        long cap = Math.min(max.toSeconds(), MAX_VISIBILITY_SECONDS);
        long seconds = base.toSeconds();
        for (int i = 1; i < receives && seconds < cap; i++) {
            seconds *= 2;
        }
        return Duration.ofSeconds(Math.min(seconds, cap));
    }

    private static CompletionStage<Void> later(Message<String> message, Throwable reason, Duration delay) {
        return message.nack(reason, Metadata.of(new VisibilityTimeoutMetadata((int) delay.toSeconds())));
    }

    private static int receiveCount(Message<String> message) {
        return message.getMetadata(SqsIncomingMetadata.class)
                .map(m -> m.getMessage().attributesAsStrings().get("ApproximateReceiveCount"))
                .map(Integer::parseInt).orElse(1);
    }

    /** Asks SQS for the receive count and earlier attempts of every message, for the back-off. */
    @Produces
    @Identifier("rds-events")
    SqsReceiveMessageRequestCustomizer receiveCount() {
        return request -> request.messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                .messageAttributeNames(ATTEMPTS);
    }
}
