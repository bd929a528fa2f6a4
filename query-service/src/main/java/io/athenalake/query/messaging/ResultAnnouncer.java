package io.athenalake.query.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.events.Message;
import io.athenalake.events.QueryCompleted;
import io.athenalake.events.QueryFailed;
import io.athenalake.query.athena.QueryStatus;
import io.athenalake.query.config.QueryServiceConfig;
import io.athenalake.sqs.Publisher;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Instant;
import java.util.Optional;

/**
 * Announces how a query ended as {@code QueryCompleted} / {@code QueryFailed}. The message id is
 * derived from the execution, so announcing the same execution twice (a redelivered request, two
 * replicas) sends messages a consumer recognizes as one.
 */
@ApplicationScoped
public class ResultAnnouncer {

    /** The value of an {@code announceTo} that means: send no message. */
    public static final String NOWHERE = "none";
    private static final Logger LOG = Logger.getLogger(ResultAnnouncer.class);

    private final Publisher publisher;
    private final Optional<String> resultsQueue;

    ResultAnnouncer(SqsClient sqs, ObjectMapper json, QueryServiceConfig config) {
        this.publisher = new Publisher(sqs, json);
        this.resultsQueue = config.queues().results();
    }

    /** Sends how the query ended to {@code announceTo} (the results queue when empty); the message sent, if any. */
    public Optional<Message> announce(QueryStatus status, String source, String correlationId, Optional<String> announceTo) {
        Optional<String> queue = announceTo.isPresent() ? announceTo : resultsQueue;
        if (queue.isEmpty() || NOWHERE.equals(queue.get())) {
            return Optional.empty();
        }
        Message message = status.succeeded() ? completed(status, source, correlationId)
                : QueryFailed.of("failed-" + status.queryExecutionId(), correlationId, source, status.queryExecutionId(),
                        status.state(), status.errorType(), status.reason() == null ? status.state() : status.reason(),
                        status.statistics(), status.completedAt() == null ? Instant.now() : status.completedAt());
        send(queue.get(), message);
        return Optional.of(message);
    }

    private static QueryCompleted completed(QueryStatus status, String source, String correlationId) {
        QueryCompleted completed = QueryCompleted.of("completed-" + status.queryExecutionId(), correlationId, source,
                status.queryExecutionId(), status.outputLocation(), status.statistics(),
                status.completedAt() == null ? Instant.now() : status.completedAt());
        return status.parquet() ? completed.withParquet(status.parquetLocation(), status.dataManifestLocation()) : completed;
    }

    /** Athena refused to start the query: there is no execution to point at. */
    public Optional<Message> rejected(String requestId, String source, String correlationId, String errorType,
                                      String reason, Optional<String> announceTo) {
        Optional<String> queue = announceTo.isPresent() ? announceTo : resultsQueue;
        if (queue.isEmpty() || NOWHERE.equals(queue.get())) {
            return Optional.empty();
        }
        Message message = QueryFailed.of("rejected-" + requestId, correlationId, source, null, "REJECTED", errorType,
                reason, null, Instant.now());
        send(queue.get(), message);
        return Optional.of(message);
    }

    private void send(String queueUrl, Message message) {
        publisher.publish(queueUrl, message);
        io.athenalake.query.athena.QueryLog.info(LOG, null, null, "Announced %s %s (correlation %s)", message.type(),
                message.id(), message.correlationId());
    }
}
