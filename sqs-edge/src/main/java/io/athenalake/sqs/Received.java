package io.athenalake.sqs;

import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * A message as a handler gets it: with how often SQS has delivered it ({@code receives}, SQS's
 * ApproximateReceiveCount) and how often it has been attempted in all ({@code attempts}: the receives plus
 * those of the messages it was sent again from by an {@link Outcome#waitFor} near the redrive limit).
 */
public record Received(Message message, int receives, int attempts) {

    /** The message attribute that carries the attempts of the messages a message was sent again from. */
    public static final String ATTEMPTS_ATTRIBUTE = "athena-lake-attempts";

    static Received of(Message message) {
        int receives = parse(message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT), 1);
        MessageAttributeValue earlier = message.messageAttributes().get(ATTEMPTS_ATTRIBUTE);
        return new Received(message, receives, receives + (earlier == null ? 0 : parse(earlier.stringValue(), 0)));
    }

    public String body() {
        return message.body();
    }

    private static int parse(String value, int otherwise) {
        try {
            return value == null ? otherwise : Math.max(0, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
