package io.athenalake.devstack.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * EventBridge → SQS, as a rule targeting the {@code rds-events} queue delivers: the message body
 * is the EventBridge envelope ({@code version, id, detail-type, source, account, time, region,
 * resources, detail}).
 */
public final class EventBridge {

    private static final Logger LOG = Logger.getLogger(EventBridge.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueUrl;
    private final String region;
    private final String accountId;

    public EventBridge(SqsClient sqs, String queueUrl, String region, String accountId) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.region = region;
        this.accountId = accountId;
    }

    /** Delivers one event; returns its id. */
    public String deliver(String detailType, String source, List<String> resources, ObjectNode detail) {
        String id = UUID.randomUUID().toString();
        ObjectNode envelope = JSON.createObjectNode()
                .put("version", "0")
                .put("id", id)
                .put("detail-type", detailType)
                .put("source", source)
                .put("account", accountId)
                .put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("region", region);
        resources.forEach(envelope.putArray("resources")::add);
        envelope.set("detail", detail);
        try {
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(envelope.toString()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not deliver " + detailType + " event to " + queueUrl, e);
            throw e;
        }
        return id;
    }

    public static ObjectNode detail() {
        return JSON.createObjectNode();
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }
}
