package io.athenalake.sqs;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.util.Map;
import java.util.Optional;

/**
 * The one dead-letter policy: a message that can never be handled is moved to its queue's dead-letter queue at
 * once, with the reason and the queue it came from as message attributes, instead of being received and refused
 * until the redrive policy gives up. Without a configured dead-letter queue it is made visible again at once, so
 * the queue's redrive policy moves it after {@code maxReceiveCount} receives (the reason is logged on each).
 */
public final class DeadLetters {

    /** The message attribute that says why a message was dead-lettered. */
    public static final String REASON_ATTRIBUTE = "dead-letter-reason";
    /** The message attribute that names the queue a dead-lettered message came from. */
    public static final String SOURCE_ATTRIBUTE = "dead-letter-source";
    private static final int MAX_REASON = 1000;
    private static final System.Logger LOG = System.getLogger(DeadLetters.class.getName());

    private final SqsClient sqs;

    public DeadLetters(SqsClient sqs) {
        this.sqs = sqs;
    }

    void deadLetter(String name, String queueUrl, Optional<String> deadLetterQueueUrl, Message message, String reason) {
        String shortReason = reason == null || reason.isBlank() ? "no reason given"
                : reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason;
        if (deadLetterQueueUrl.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "Message {0} on {1} cannot be handled, left for the redrive policy: {2}",
                    message.messageId(), name, shortReason);
            sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()).visibilityTimeout(0));
            return;
        }
        String dlq = deadLetterQueueUrl.get();
        LOG.log(System.Logger.Level.WARNING, "Message {0} on {1} cannot be handled, dead-lettered: {2}",
                message.messageId(), name, shortReason);
        sqs.sendMessage(r -> {
            r.queueUrl(dlq).messageBody(message.body()).messageAttributes(Map.of(
                    REASON_ATTRIBUTE, text(shortReason),
                    SOURCE_ATTRIBUTE, text(queueUrl)));
            if (Queues.fifo(dlq)) {
                // A FIFO queue's DLQ is FIFO: the message keeps its group, and its id makes a repeated move one message.
                r.messageGroupId(message.attributes().getOrDefault(MessageSystemAttributeName.MESSAGE_GROUP_ID, "dead-letters"))
                        .messageDeduplicationId(message.messageId());
            }
        });
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
    }

    static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
