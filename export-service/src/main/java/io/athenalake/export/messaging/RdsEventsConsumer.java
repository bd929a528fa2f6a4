package io.athenalake.export.messaging;

import io.athenalake.export.config.ExportServiceConfig;
import io.athenalake.export.export.ExportWorkflow;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.aws.sqs.SqsIncomingMetadata;
import io.smallrye.reactive.messaging.aws.sqs.SqsReceiveMessageRequestCustomizer;
import io.smallrye.reactive.messaging.aws.sqs.fault.VisibilityTimeoutMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Consumes {@code rds-events} (channel {@code rds-events}, connector {@code smallrye-sqs}, failure
 * strategy {@code visibility}). Every message ends one of three ways:
 * <ul>
 *   <li>acknowledged (deleted): handled, or an event export-service does not act on (logged why);</li>
 *   <li>retried later: made visible again after a back-off that doubles with each receive
 *       (export quota, export not finished, crawler running, a failing remote call);</li>
 *   <li>malformed: made visible at once, so the queue's redrive policy moves it to the dead-letter
 *       queue after its maxReceiveCount; the reason is logged on every receive.</li>
 * </ul>
 */
@ApplicationScoped
public class RdsEventsConsumer {

    private static final Logger LOG = Logger.getLogger(RdsEventsConsumer.class);
    private static final long MAX_VISIBILITY_SECONDS = 12 * 60 * 60;

    private final ExportWorkflow workflow;
    private final ExportServiceConfig.Retry retry;
    private final MeterRegistry metrics;

    RdsEventsConsumer(ExportWorkflow workflow, ExportServiceConfig config, MeterRegistry metrics) {
        this.workflow = workflow;
        this.retry = config.retry();
        this.metrics = metrics;
    }

    @Incoming("rds-events")
    @Blocking(ordered = false)
    public CompletionStage<Void> consume(Message<String> message) {
        int receives = receiveCount(message);
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
            return message.ack();
        } catch (MalformedEventException e) {
            LOG.warnf("malformed event (receive %d), left for the dead-letter queue: %s", receives, e.getMessage());
            metrics.counter("athena_lake_rds_events", "outcome", "malformed").increment();
            return later(message, e, retry.malformed());
        } catch (RetryLaterException e) {
            Duration delay = backOff(e.delay(), receives);
            LOG.infof("retry in %s (receive %d): %s", delay, receives, e.getMessage());
            metrics.counter("athena_lake_rds_events", "outcome", "retried").increment();
            return later(message, e, delay);
        } catch (RuntimeException e) {
            Duration delay = backOff(retry.transientFailure(), receives);
            LOG.warnf(e, "event failed (receive %d), retry in %s: %s", receives, delay, e.toString());
            metrics.counter("athena_lake_rds_events", "outcome", "failed").increment();
            return later(message, e, delay);
        } finally {
            MDC.remove("exportId");
        }
    }

    /** SQS counts every receive; the back-off doubles with them, up to the configured maximum (SQS allows 12 hours). */
    private Duration backOff(Duration base, int receives) {
        return backOff(base, receives, retry.maxDelay());
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

    /** Asks SQS for the receive count of every message, for the back-off. */
    @Produces
    @Identifier("rds-events")
    SqsReceiveMessageRequestCustomizer receiveCount() {
        return request -> request.messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
    }
}
