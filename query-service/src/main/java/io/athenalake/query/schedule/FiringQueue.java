package io.athenalake.query.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.query.config.QueryServiceConfig;
import io.athenalake.sqs.Publisher;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Instant;
import java.util.Optional;

/**
 * Sends a schedule's firing to the {@code schedule-firings} FIFO queue. Every replica fires every schedule; SQS
 * delivers one message per firing because each carries the same deduplication id ({@code <schedule>@<epoch
 * second>}: a second send within SQS's 5-minute deduplication interval is accepted and not delivered, even after
 * the first was received and deleted). The group is the schedule: its firings are run one at a time, in order.
 */
@ApplicationScoped
public class FiringQueue {

    private static final Logger LOG = Logger.getLogger(FiringQueue.class);

    private final Publisher publisher;
    private final Optional<String> queueUrl;

    FiringQueue(SqsClient sqs, ObjectMapper json, QueryServiceConfig config) {
        this.publisher = new Publisher(sqs, json);
        this.queueUrl = config.queues().scheduleFirings();
    }

    /** Whether firings go through the queue (otherwise each replica runs its own). */
    public boolean enabled() {
        return queueUrl.isPresent();
    }

    public void send(String schedule, Instant firing) {
        String url = queueUrl.orElseThrow(() -> new IllegalStateException("no schedule-firings queue is configured"));
        String deduplicationId = Publisher.sqsId(schedule + "@" + firing.getEpochSecond());
        publisher.publishFifo(url, ScheduleFiring.TYPE, ScheduleFiring.of(schedule, firing), Publisher.sqsId(schedule), deduplicationId);
        LOG.infof("Schedule %s fired for %s: sent to schedule-firings (deduplication id %s)", schedule, firing,
                deduplicationId);
    }
}
