package io.athenalake.export.messaging;

import io.athenalake.export.config.ExportServiceConfig;
import io.athenalake.export.export.ExportWorkflow;
import io.athenalake.export.export.RdsEvent;
import io.athenalake.export.export.RetryLaterException;
import io.athenalake.sqs.MalformedMessageException;
import io.athenalake.sqs.Outcome;
import io.athenalake.sqs.QueuePoller;
import io.athenalake.sqs.Received;
import io.athenalake.sqs.VisibilityHeartbeat;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;

/**
 * Consumes {@code rds-events} with the SQS edge's {@link QueuePoller} (bounded workers, the message kept invisible
 * while an export moves, what it holds given back when the service stops). Every message ends one of three ways:
 * <ul>
 *   <li>deleted: handled, or an event export-service does not act on (logged why);</li>
 *   <li>retried later: visible again after a back-off that doubles with each attempt. A wait that is expected to
 *       end (export quota, export not finished, crawler running) is an {@link Outcome#waitFor} and never reaches
 *       the dead-letter queue (near the queue's maxReceiveCount it is sent again with its attempt count); any other
 *       failure is an {@link Outcome#retryIn}, which the redrive policy dead-letters after maxReceiveCount;</li>
 *   <li>malformed: dead-lettered at once with the reason ({@code athena-lake.rds-events-dlq-url}; without it, made
 *       visible at once for the redrive policy).</li>
 * </ul>
 */
@ApplicationScoped
public class RdsEventsConsumer {

    private static final Logger LOG = Logger.getLogger(RdsEventsConsumer.class);

    private final ExportWorkflow workflow;
    private final ExportServiceConfig config;
    private final MeterRegistry metrics;
    private final SqsClient sqs;
    private QueuePoller poller;

    RdsEventsConsumer(ExportWorkflow workflow, ExportServiceConfig config, MeterRegistry metrics, SqsClient sqs) {
        this.workflow = workflow;
        this.config = config;
        this.metrics = metrics;
        this.sqs = sqs;
    }

    void start(@Observes StartupEvent ignored) {
        ExportServiceConfig.Receive receive = config.receive();
        poller = new QueuePoller(sqs, new QueuePoller.Settings("rds-events", config.rdsEventsQueueUrl(),
                config.rdsEventsDlqUrl(), receive.maxMessages(), Duration.ofSeconds(receive.visibilityTimeoutSeconds()),
                Duration.ofSeconds(receive.waitSeconds())), this::handle, this::settled);
        poller.start();
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (poller != null) {
            poller.stop();
        }
    }

    Outcome handle(Received message) {
        ExportServiceConfig.Retry retry = config.retry();
        try {
            RdsEvent event = RdsEventParser.parse(message.body());
            if (event instanceof RdsEvent.SnapshotCreated created) {
                workflow.snapshotCreated(created);
            } else if (event instanceof RdsEvent.ExportEnded ended) {
                workflow.exportEnded(ended);
            } else if (event instanceof RdsEvent.CrawlerStateChanged crawl) {
                workflow.crawlerStateChanged(crawl);
            } else if (event instanceof RdsEvent.Ignored ignored) {
                LOG.infof("event %s: %s is not acted on, acknowledged", ignored.eventId(), ignored.what());
            }
            count("handled");
            return Outcome.done();
        } catch (MalformedMessageException e) {
            LOG.warnf("malformed event (receive %d), dead-lettered: %s", message.receives(), e.getMessage());
            count("malformed");
            return Outcome.deadLetter(e.getMessage());
        } catch (RetryLaterException e) {
            Duration retryIn = backOff(e.delay(), message.attempts(), retry.maxDelay());
            LOG.infof("retry in %s (attempt %d): %s", retryIn, message.attempts(), e.getMessage());
            count("retried");
            return Outcome.waitFor(retryIn, e.getMessage());
        } catch (RuntimeException e) {
            Duration retryIn = backOff(retry.transientFailure(), message.attempts(), retry.maxDelay());
            LOG.warnf(e, "event failed (receive %d), retry in %s: %s", message.receives(), retryIn, e.toString());
            count("failed");
            return Outcome.retryIn(retryIn, e.toString());
        } finally {
            MDC.remove("exportId");
        }
    }

    /** A wait near the redrive limit was sent again as a new message (counted besides its {@code retried}). */
    private void settled(Received message, String how) {
        if ("requeued".equals(how)) {
            count("requeued");
        }
    }

    private void count(String outcome) {
        metrics.counter("athena_lake_rds_events", "outcome", outcome).increment();
    }

    /** The back-off doubles with every attempt, up to the maximum (SQS keeps a message invisible at most 12 hours). */
    static Duration backOff(Duration base, int attempts, Duration max) {
        long cap = Math.min(max.toSeconds(), VisibilityHeartbeat.SQS_MAXIMUM.toSeconds());
        long seconds = base.toSeconds();
        for (int i = 1; i < attempts && seconds < cap; i++) {
            seconds *= 2;
        }
        return Duration.ofSeconds(Math.min(seconds, cap));
    }
}
