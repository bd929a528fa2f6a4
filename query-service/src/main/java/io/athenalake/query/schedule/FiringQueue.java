package io.athenalake.query.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.query.config.QueryServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sends a schedule's firing to the {@code schedule-firings} FIFO queue. Every replica fires every schedule; SQS
 * delivers one message per firing because each carries the same deduplication id ({@code <schedule>@<epoch
 * second>}: a second send within SQS's 5-minute deduplication interval is accepted and not delivered, even after
 * the first was received and deleted). The group is the schedule: its firings are run one at a time, in order.
 */
@ApplicationScoped
public class FiringQueue {

    private static final Logger LOG = Logger.getLogger(FiringQueue.class);
    /** What SQS accepts as MessageGroupId and MessageDeduplicationId. */
    private static final Pattern SQS_ID = Pattern.compile("[\\p{Alnum}\\p{Punct}]{1,128}");

    private final SqsClient sqs;
    private final ObjectMapper json;
    private final Optional<String> queueUrl;

    FiringQueue(SqsClient sqs, ObjectMapper json, QueryServiceConfig config) {
        this.sqs = sqs;
        this.json = json;
        this.queueUrl = config.queues().scheduleFirings();
    }

    /** Whether firings go through the queue (otherwise each replica runs its own). */
    public boolean enabled() {
        return queueUrl.isPresent();
    }

    public void send(String schedule, Instant firing) {
        String url = queueUrl.orElseThrow(() -> new IllegalStateException("no schedule-firings queue is configured"));
        String body;
        try {
            body = json.writeValueAsString(ScheduleFiring.of(schedule, firing));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the firing of " + schedule, e);
        }
        String deduplicationId = sqsId(schedule + "@" + firing.getEpochSecond());
        sqs.sendMessage(r -> r.queueUrl(url).messageBody(body).messageGroupId(sqsId(schedule))
                .messageDeduplicationId(deduplicationId));
        LOG.infof("Schedule %s fired for %s: sent to schedule-firings (deduplication id %s)", schedule, firing,
                deduplicationId);
    }

    /** The value itself when SQS accepts it as an id, otherwise its SHA-256 (the same on every replica). */
    static String sqsId(String value) {
        if (SQS_ID.matcher(value).matches()) {
            return value;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
