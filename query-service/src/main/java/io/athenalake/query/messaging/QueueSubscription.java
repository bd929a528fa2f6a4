package io.athenalake.query.messaging;

import io.athenalake.query.config.QueryServiceConfig;
import io.athenalake.sqs.Outcome;
import io.athenalake.sqs.Received;

import java.util.Optional;

/**
 * A queue query-service consumes and what it does with each message. {@link QueueConsumers} polls every
 * configured one with the SQS edge's {@link io.athenalake.sqs.QueuePoller} (bounded workers, visibility
 * heartbeat, give-back on stop), which carries out the handler's {@link Outcome}.
 */
public interface QueueSubscription {

    /** The queue's role, for logs and thread names ({@code query-requests}, {@code lake-events}, ...). */
    String name();

    /** The queue's URL; empty: not configured, not consumed. */
    Optional<String> queueUrl(QueryServiceConfig.Queues queues);

    /** Where a message that can never be handled goes, with the reason; empty: the queue's redrive policy. */
    Optional<String> deadLetterQueueUrl(QueryServiceConfig.Queues queues);

    /** Messages handled at once. */
    int workers(QueryServiceConfig.Queues queues);

    Outcome handle(Received message);
}
