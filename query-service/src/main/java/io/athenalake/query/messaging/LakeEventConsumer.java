package io.athenalake.query.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.events.CatalogRefreshed;
import io.athenalake.query.athena.AthenaQueries;
import io.athenalake.query.athena.InvalidQueryRequestException;
import io.athenalake.query.athena.QueryInput;
import io.athenalake.query.athena.QuerySpec;
import io.athenalake.query.athena.QuerySpecValidator;
import io.athenalake.query.config.QueryServiceConfig;
import io.athenalake.sqs.Envelopes;
import io.athenalake.sqs.Outcome;
import io.athenalake.sqs.Received;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lake events from {@code lake-events}: on {@code CatalogRefreshed} for a database, the queries
 * configured for it run ({@code query-service.refresh-queries}). Other event types are acknowledged
 * and logged; a message that is not an athena-lake message ({@link Envelopes#message}) or a CatalogRefreshed
 * without its database goes to the dead-letter queue with the reason.
 */
@ApplicationScoped
public class LakeEventConsumer implements QueueSubscription {

    private static final Logger LOG = Logger.getLogger(LakeEventConsumer.class);

    private final ObjectMapper json;
    private final QuerySpecValidator validator;
    private final QueryRuns runs;
    private final QueryServiceConfig config;

    LakeEventConsumer(ObjectMapper json, QuerySpecValidator validator, QueryRuns runs, QueryServiceConfig config) {
        this.json = json;
        this.validator = validator;
        this.runs = runs;
        this.config = config;
    }

    @Override
    public String name() {
        return "lake-events";
    }

    @Override
    public Optional<String> queueUrl(QueryServiceConfig.Queues queues) {
        return queues.lakeEvents();
    }

    @Override
    public Optional<String> deadLetterQueueUrl(QueryServiceConfig.Queues queues) {
        return queues.lakeEventsDlq();
    }

    @Override
    public int workers(QueryServiceConfig.Queues queues) {
        return Math.max(1, queues.workers() / 2);
    }

    @Override
    public Outcome handle(Received message) {
        Envelopes.Envelope envelope = Envelopes.message(message.body());
        if (!CatalogRefreshed.TYPE.equals(envelope.type())) {
            LOG.infof("Lake event %s of type %s needs nothing from query-service", envelope.id(), envelope.type());
            return Outcome.done();
        }
        CatalogRefreshed event;
        try {
            event = json.treeToValue(envelope.body(), CatalogRefreshed.class);
        } catch (IOException e) {
            return Outcome.deadLetter("does not match the CatalogRefreshed schema: " + e.getMessage());
        }
        if (event.database() == null || event.database().isBlank()) {
            return Outcome.deadLetter("CatalogRefreshed without database");
        }
        String catalog = event.catalog() == null ? "AwsDataCatalog" : event.catalog();
        String correlationId = event.correlationId() != null ? event.correlationId() : event.id();
        for (Map.Entry<String, QueryServiceConfig.RefreshQuery> entry : config.refreshQueries().entrySet()) {
            QueryServiceConfig.RefreshQuery query = entry.getValue();
            if (!query.database().equals(event.database()) || !query.catalog().orElse("AwsDataCatalog").equals(catalog)) {
                continue;
            }
            String name = entry.getKey();
            QuerySpec spec;
            try {
                // One execution per query and event, however often the event arrives.
                spec = validator.spec(new QueryInput(query.sql(), catalog, query.database(), query.workgroup().orElse(null),
                        query.parameters().orElse(null), null, null, AthenaQueries.clientToken(name, event.id()), null),
                        "refresh", List.of());
            } catch (InvalidQueryRequestException e) {
                LOG.errorf("Refresh query %s is misconfigured: %s", name, e.getMessage());
                continue;
            }
            LOG.infof("Catalog refreshed for %s.%s (event %s): running %s", catalog, event.database(), event.id(), name);
            runs.run(spec, "refresh:" + name, event.id() + "-" + name, correlationId, query.announceTo());
        }
        return Outcome.done();
    }
}
