package io.athenalake.query.messaging;

import io.athenalake.query.config.QueryServiceConfig;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.Optional;

/**
 * A queue query-service consumes and what it does with each message. {@link QueueConsumers} polls every
 * configured one the same way (bounded workers, visibility heartbeat, give-back on stop); a handler deletes
 * what it finished and leaves what it did not for redelivery.
 */
public interface QueueSubscription {

    /** The queue's role, for logs and thread names ({@code query-requests}, {@code lake-events}, ...). */
    String name();

    /** The queue's URL; empty: not configured, not consumed. */
    Optional<String> queueUrl(QueryServiceConfig.Queues queues);

    /** Messages handled at once. */
    int workers(QueryServiceConfig.Queues queues);

    void handle(Message message);
}
