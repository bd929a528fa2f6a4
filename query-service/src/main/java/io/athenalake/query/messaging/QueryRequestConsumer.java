package io.athenalake.query.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.events.QueryRequest;
import io.athenalake.query.athena.AthenaQueries;
import io.athenalake.query.athena.InvalidQueryRequestException;
import io.athenalake.query.athena.QueryInput;
import io.athenalake.query.athena.QuerySpec;
import io.athenalake.query.athena.QuerySpecValidator;
import io.athenalake.query.config.QueryServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code QueryRequest} from {@code query-requests}: run it, announce the outcome on {@code query-results},
 * then delete the request. Invalid requests go to the dead-letter queue with the reason. A duplicate
 * (or a redelivery) derives the same ClientRequestToken, so it follows the same execution.
 */
@ApplicationScoped
public class QueryRequestConsumer implements QueueSubscription {

    static final String SOURCE = "queue";

    private final SqsClient sqs;
    private final ObjectMapper json;
    private final QuerySpecValidator validator;
    private final QueryRuns runs;
    private final DeadLetters deadLetters;
    private final QueryServiceConfig.Queues queues;

    QueryRequestConsumer(SqsClient sqs, ObjectMapper json, QuerySpecValidator validator, QueryRuns runs,
                         DeadLetters deadLetters, QueryServiceConfig config) {
        this.sqs = sqs;
        this.json = json;
        this.validator = validator;
        this.runs = runs;
        this.deadLetters = deadLetters;
        this.queues = config.queues();
    }

    @Override
    public String name() {
        return "query-requests";
    }

    @Override
    public Optional<String> queueUrl(QueryServiceConfig.Queues queues) {
        return queues.requests();
    }

    @Override
    public int workers(QueryServiceConfig.Queues queues) {
        return queues.workers();
    }

    @Override
    public void handle(Message message) {
        String queueUrl = queues.requests().orElseThrow();
        QueryRequest request;
        QuerySpec spec;
        try {
            request = parse(message.body());
            // The token is the sender's key, or the message's own id: duplicates of one request run once.
            String key = request.clientToken() != null ? request.clientToken() : request.id();
            spec = validator.spec(new QueryInput(request.sql(), request.catalog(), request.database(), request.workgroup(),
                    request.parameters(), request.resultReuseMaxAgeMinutes(), null, key), SOURCE, List.of());
        } catch (InvalidQueryRequestException e) {
            deadLetters.deadLetter(queueUrl, queues.requestsDlq(), message, e.getMessage());
            return;
        }
        String correlationId = request.correlationId() != null ? request.correlationId() : request.id();
        runs.run(spec, SOURCE, request.id(), correlationId, Optional.empty());
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
    }

    private QueryRequest parse(String body) {
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (IOException e) {
            throw InvalidQueryRequestException.of("body", "is not JSON: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw InvalidQueryRequestException.of("body", "is not a JSON object");
        }
        if (!QueryRequest.TYPE.equals(tree.path("type").asText())) {
            throw InvalidQueryRequestException.of("type", "must be " + QueryRequest.TYPE);
        }
        if (tree.path("schemaVersion").asInt(-1) != QueryRequest.SCHEMA_VERSION) {
            throw InvalidQueryRequestException.of("schemaVersion", "must be " + QueryRequest.SCHEMA_VERSION);
        }
        if (!tree.path("id").isTextual() || tree.get("id").asText().isBlank()) {
            throw InvalidQueryRequestException.of("id", "is required");
        }
        try {
            return json.treeToValue(tree, QueryRequest.class);
        } catch (IOException e) {
            throw InvalidQueryRequestException.of("body", "does not match the QueryRequest schema: " + e.getMessage());
        }
    }
}
