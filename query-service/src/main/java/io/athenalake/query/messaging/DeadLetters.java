package io.athenalake.query.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.util.Map;
import java.util.Optional;

/**
 * Moves a message that can never be handled to the queue's dead-letter queue at once, with the
 * reason as a message attribute, instead of letting it be received and refused until the redrive
 * policy gives up. Without a configured DLQ the message stays and the redrive policy moves it.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String REASON_ATTRIBUTE = "dead-letter-reason";
    public static final String SOURCE_ATTRIBUTE = "dead-letter-source";
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final SqsClient sqs;

    DeadLetters(SqsClient sqs) {
        this.sqs = sqs;
    }

    public void deadLetter(String queueUrl, Optional<String> deadLetterQueueUrl, Message message, String reason) {
        String shortReason = reason.length() > 1000 ? reason.substring(0, 1000) + "…" : reason;
        LOG.warnf("Message %s on %s is invalid and dead-lettered: %s", message.messageId(), queueUrl, shortReason);
        if (deadLetterQueueUrl.isEmpty()) {
            return;
        }
        String dlq = deadLetterQueueUrl.get();
        sqs.sendMessage(r -> {
            r.queueUrl(dlq).messageBody(message.body()).messageAttributes(Map.of(
                    REASON_ATTRIBUTE, MessageAttributeValue.builder().dataType("String").stringValue(shortReason).build(),
                    SOURCE_ATTRIBUTE, MessageAttributeValue.builder().dataType("String").stringValue(queueUrl).build()));
            if (dlq.endsWith(".fifo")) {
                // A FIFO queue's DLQ is FIFO: the message keeps its group, and its id makes a repeated move one message.
                r.messageGroupId(message.attributes().getOrDefault(MessageSystemAttributeName.MESSAGE_GROUP_ID, "dead-letters"))
                        .messageDeduplicationId(message.messageId());
            }
        });
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
    }
}
