package io.athenalake.query.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

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
        sqs.sendMessage(r -> r.queueUrl(deadLetterQueueUrl.get()).messageBody(message.body()).messageAttributes(Map.of(
                REASON_ATTRIBUTE, MessageAttributeValue.builder().dataType("String").stringValue(shortReason).build(),
                SOURCE_ATTRIBUTE, MessageAttributeValue.builder().dataType("String").stringValue(queueUrl).build())));
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
    }
}
