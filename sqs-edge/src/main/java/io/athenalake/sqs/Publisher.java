package io.athenalake.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.events.Message;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one publisher: a body as JSON with its type as the {@code type} message attribute (subscribers filter on
 * it), synchronously — a message counts as sent only when SQS has it, before the step that caused it is recorded
 * or the message that caused it deleted. On a FIFO queue a message needs a group and a deduplication id.
 */
public final class Publisher {

    /** What SQS accepts as MessageGroupId and MessageDeduplicationId. */
    private static final Pattern SQS_ID = Pattern.compile("[\\p{Alnum}\\p{Punct}]{1,128}");

    private final SqsClient sqs;
    private final ObjectMapper json;

    /** @param json writes the bodies (the service's mapper: dates as ISO-8601 strings) */
    public Publisher(SqsClient sqs, ObjectMapper json) {
        this.sqs = sqs;
        this.json = json;
    }

    /** Sends an athena-lake message; on a FIFO queue its correlation id is the group and its id deduplicates. */
    public void publish(String queueUrl, Message message) {
        if (Queues.fifo(queueUrl)) {
            String group = message.correlationId() == null ? message.id() : message.correlationId();
            publishFifo(queueUrl, message.type(), message, sqsId(group), sqsId(message.id()));
        } else {
            String body = write(message, message.type());
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body).messageAttributes(type(message.type())));
        }
    }

    /** Sends a body to a FIFO queue: in order within its group, once per deduplication id within SQS's 5 minutes. */
    public void publishFifo(String queueUrl, String type, Object body, String groupId, String deduplicationId) {
        String text = write(body, type);
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(text).messageAttributes(type(type))
                .messageGroupId(groupId).messageDeduplicationId(deduplicationId));
    }

    /** The value itself when SQS accepts it as a group or deduplication id, otherwise its SHA-256 (the same everywhere). */
    public static String sqsId(String value) {
        if (SQS_ID.matcher(value).matches()) {
            return value;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String write(Object body, String type) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write " + type, e);
        }
    }

    private static Map<String, software.amazon.awssdk.services.sqs.model.MessageAttributeValue> type(String type) {
        return Map.of("type", DeadLetters.text(type));
    }
}
