package io.athenalake.sqs;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the edge needs to know of a queue. */
final class Queues {

    private static final Pattern MAX_RECEIVE_COUNT = Pattern.compile("\"maxReceiveCount\"\\s*:\\s*\"?(\\d+)");

    private Queues() {
    }

    /** Whether the queue is FIFO: SQS requires FIFO queue names (and so URLs) to end in {@code .fifo}. */
    static boolean fifo(String queueUrl) {
        return queueUrl.endsWith(".fifo");
    }

    /** The queue's maxReceiveCount (GetQueueAttributes RedrivePolicy); none when it has no redrive policy. */
    static OptionalInt maxReceiveCount(SqsClient sqs, String queueUrl) {
        String policy = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                .attributes().get(QueueAttributeName.REDRIVE_POLICY);
        Matcher count = policy == null ? null : MAX_RECEIVE_COUNT.matcher(policy);
        return count != null && count.find() ? OptionalInt.of(Integer.parseInt(count.group(1))) : OptionalInt.empty();
    }
}
