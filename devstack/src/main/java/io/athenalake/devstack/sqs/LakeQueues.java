package io.athenalake.devstack.sqs;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The queues athena-lake's services talk over, each with its dead-letter queue, made as infra makes them
 * ({@code infra/modules/queue}, called from {@code infra/modules/query} and {@code snapshot-export}); {@code
 * LakeQueuesMatchInfraTest} holds these settings against the Terraform, so the two cannot drift apart silently.
 *
 * <p>Where the devstack differs from infra on purpose:
 * <ul>
 *   <li>visibility timeout: {@value #VISIBILITY_TIMEOUT_SECONDS} s on every queue, where infra sizes each queue to its
 *   consumer (60 to 900 s). The services pass their own timeout on every receive, so the queue's never applies to them;
 *   it applies to a test's own receive without one, which sees a message it did not delete again after 30 s;</li>
 *   <li>retention: not set — ElasticMQ keeps a message until it is deleted ({@code MessageRetentionPeriod} is among
 *   its unsupported attributes), where infra keeps 4 days and its dead-letter queues 14.</li>
 * </ul>
 */
public final class LakeQueues {

    /** Every queue's visibility timeout in the devstack (see above for why it is not infra's). */
    static final int VISIBILITY_TIMEOUT_SECONDS = 30;
    /** Receives after which a message moves to the dead-letter queue: infra's {@code queue_max_receive_count}. */
    static final int MAX_RECEIVE_COUNT = 5;

    /**
     * One queue and its dead-letter queue {@code <name>-dlq}.
     *
     * @param name the name the queue is listed under; a FIFO queue's SQS names end in {@code .fifo}
     *             ({@code schedule-firings.fifo}, {@code schedule-firings-dlq.fifo}), and its dead-letter queue is FIFO
     *             too, as SQS requires; both without content-based deduplication
     */
    public record Queue(String name, boolean fifo, int visibilityTimeoutSeconds, int maxReceiveCount) {

        String sqsName() {
            return name + suffix();
        }

        String deadLetterSqsName() {
            return name + "-dlq" + suffix();
        }

        private String suffix() {
            return fifo ? ".fifo" : "";
        }
    }

    /** In the order they are created (and listed in the stack's endpoints). */
    public static final List<Queue> ALL = List.of(
            standard("rds-events"),
            standard("lake-events"),
            standard("query-requests"),
            standard("query-results"),
            new Queue("schedule-firings", true, VISIBILITY_TIMEOUT_SECONDS, MAX_RECEIVE_COUNT));

    private LakeQueues() {
    }

    private static Queue standard(String name) {
        return new Queue(name, false, VISIBILITY_TIMEOUT_SECONDS, MAX_RECEIVE_COUNT);
    }

    /** Creates every queue and its dead-letter queue; their URLs by listed name ({@code <name>} and {@code <name>-dlq}). */
    public static Map<String, String> create(SqsClient sqs) {
        Map<String, String> urls = new LinkedHashMap<>();
        for (Queue queue : ALL) {
            create(sqs, queue, urls);
        }
        return urls;
    }

    private static void create(SqsClient sqs, Queue queue, Map<String, String> urls) {
        Map<QueueAttributeName, String> kind = queue.fifo()
                ? Map.of(QueueAttributeName.FIFO_QUEUE, "true", QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false")
                : Map.of();
        String dlqUrl = sqs.createQueue(b -> b.queueName(queue.deadLetterSqsName()).attributes(kind)).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>(kind);
        attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
                + "\",\"maxReceiveCount\":\"" + queue.maxReceiveCount() + "\"}");
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(queue.visibilityTimeoutSeconds()));
        String url = sqs.createQueue(b -> b.queueName(queue.sqsName()).attributes(attributes)).queueUrl();
        urls.put(queue.name(), url);
        urls.put(queue.name() + "-dlq", dlqUrl);
    }
}
