package io.athenalake.query.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.events.QueryRequest;
import io.athenalake.query.athena.AthenaQueries;
import io.athenalake.query.athena.InvalidQueryRequestException;
import io.athenalake.query.athena.QueryInput;
import io.athenalake.query.athena.QuerySpec;
import io.athenalake.query.athena.QuerySpecValidator;
import io.athenalake.query.config.QueryServiceConfig;
import io.athenalake.sqs.Envelopes;
import io.athenalake.sqs.MalformedMessageException;
import io.athenalake.sqs.Outcome;
import io.athenalake.sqs.Received;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code QueryRequest} from {@code query-requests}: run it, announce the outcome on {@code query-results},
 * then the request is deleted. Invalid requests go to the dead-letter queue with the reason. A duplicate
 * (or a redelivery) derives the same ClientRequestToken, so it follows the same execution.
 */
@ApplicationScoped
public class QueryRequestConsumer implements QueueSubscription {

    static final String SOURCE = "queue";

    private final ObjectMapper json;
    private final QuerySpecValidator validator;
    private final QueryRuns runs;

    QueryRequestConsumer(ObjectMapper json, QuerySpecValidator validator, QueryRuns runs) {
        this.json = json;
        this.validator = validator;
        this.runs = runs;
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
    public Optional<String> deadLetterQueueUrl(QueryServiceConfig.Queues queues) {
        return queues.requestsDlq();
    }

    @Override
    public int workers(QueryServiceConfig.Queues queues) {
        return queues.workers();
    }

    @Override
    public Outcome handle(Received message) {
        QueryRequest request;
        QuerySpec spec;
        try {
            request = parse(message.body());
            // The token is the sender's key, or the message's own id: duplicates of one request run once.
            String key = request.clientToken() != null ? request.clientToken() : request.id();
            spec = validator.spec(new QueryInput(request.sql(), request.catalog(), request.database(), request.workgroup(),
                    request.parameters(), request.resultReuseMaxAgeMinutes(), null, key, request.resultFormat()), SOURCE, List.of());
        } catch (InvalidQueryRequestException | MalformedMessageException e) {
            return Outcome.deadLetter(e.getMessage());
        }
        String correlationId = request.correlationId() != null ? request.correlationId() : request.id();
        runs.run(spec, SOURCE, request.id(), correlationId, Optional.empty());
        return Outcome.done();
    }

    private QueryRequest parse(String body) {
        Envelopes.Envelope envelope = Envelopes.message(body);
        if (!QueryRequest.TYPE.equals(envelope.type())) {
            throw InvalidQueryRequestException.of("type", "must be " + QueryRequest.TYPE);
        }
        if (envelope.schemaVersion() != QueryRequest.SCHEMA_VERSION) {
            throw InvalidQueryRequestException.of("schemaVersion", "must be " + QueryRequest.SCHEMA_VERSION);
        }
        try {
            return json.treeToValue(envelope.body(), QueryRequest.class);
        } catch (IOException e) {
            throw InvalidQueryRequestException.of("body", "does not match the QueryRequest schema: " + e.getMessage());
        }
    }
}
