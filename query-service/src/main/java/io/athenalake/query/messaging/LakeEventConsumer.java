package io.athenalake.query.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.events.CatalogRefreshed;
import io.athenalake.query.athena.AthenaQueries;
import io.athenalake.query.athena.InvalidQueryRequestException;
import io.athenalake.query.athena.QueryInput;
import io.athenalake.query.athena.QuerySpec;
import io.athenalake.query.athena.QuerySpecValidator;
import io.athenalake.query.config.QueryServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lake events from {@code lake-events}: on {@code CatalogRefreshed} for a database, the queries
 * configured for it run ({@code query-service.refresh-queries}). Other event types are acknowledged
 * and logged; malformed messages go to the dead-letter queue with the reason.
 */
@ApplicationScoped
public class LakeEventConsumer implements QueueSubscription {

    private static final Logger LOG = Logger.getLogger(LakeEventConsumer.class);

    private final SqsClient sqs;
    private final ObjectMapper json;
    private final QuerySpecValidator validator;
    private final QueryRuns runs;
    private final DeadLetters deadLetters;
    private final QueryServiceConfig config;

    LakeEventConsumer(SqsClient sqs, ObjectMapper json, QuerySpecValidator validator, QueryRuns runs,
                      DeadLetters deadLetters, QueryServiceConfig config) {
        this.sqs = sqs;
        this.json = json;
        this.validator = validator;
        this.runs = runs;
        this.deadLetters = deadLetters;
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
    public int workers(QueryServiceConfig.Queues queues) {
        return Math.max(1, queues.workers() / 2);
    }

    @Override
    public void handle(Message message) {
        String queueUrl = config.queues().lakeEvents().orElseThrow();
        JsonNode tree;
        try {
            tree = json.readTree(message.body());
        } catch (IOException e) {
            deadLetters.deadLetter(queueUrl, config.queues().lakeEventsDlq(), message, "body is not JSON: " + e.getMessage());
            return;
        }
        if (tree == null || !tree.isObject() || !tree.path("type").isTextual() || !tree.path("id").isTextual()) {
            deadLetters.deadLetter(queueUrl, config.queues().lakeEventsDlq(), message,
                    "body is not a lake event: a JSON object with type and id is required");
            return;
        }
        String type = tree.get("type").asText();
        if (!CatalogRefreshed.TYPE.equals(type)) {
            LOG.infof("Lake event %s of type %s needs nothing from query-service", tree.get("id").asText(), type);
            delete(queueUrl, message);
            return;
        }
        CatalogRefreshed event;
        try {
            event = json.treeToValue(tree, CatalogRefreshed.class);
        } catch (IOException e) {
            deadLetters.deadLetter(queueUrl, config.queues().lakeEventsDlq(), message,
                    "does not match the CatalogRefreshed schema: " + e.getMessage());
            return;
        }
        if (event.database() == null || event.database().isBlank()) {
            deadLetters.deadLetter(queueUrl, config.queues().lakeEventsDlq(), message, "CatalogRefreshed without database");
            return;
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
                        query.parameters().orElse(null), null, null, AthenaQueries.clientToken(name, event.id())),
                        "refresh", List.of());
            } catch (InvalidQueryRequestException e) {
                LOG.errorf("Refresh query %s is misconfigured: %s", name, e.getMessage());
                continue;
            }
            LOG.infof("Catalog refreshed for %s.%s (event %s): running %s", catalog, event.database(), event.id(), name);
            runs.run(spec, "refresh:" + name, event.id() + "-" + name, correlationId, query.announceTo());
        }
        delete(queueUrl, message);
    }

    private void delete(String queueUrl, Message message) {
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
    }
}
