package io.athenalake.query.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.query.config.QueryServiceConfig;
import io.athenalake.query.messaging.DeadLetters;
import io.athenalake.query.messaging.QueueSubscription;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Firings from {@code schedule-firings}: the replica that receives one runs the schedule's query, follows it and
 * announces the outcome, then deletes the firing. A redelivery (a crash, a query outliving the service's wait)
 * derives the same ClientRequestToken and follows the same execution. A firing that is not one, or of a schedule
 * this replica does not have, goes to the dead-letter queue with the reason.
 */
@ApplicationScoped
public class ScheduleFiringConsumer implements QueueSubscription {

    private final SqsClient sqs;
    private final ObjectMapper json;
    private final ScheduleRunner runner;
    private final DeadLetters deadLetters;
    private final QueryServiceConfig config;

    ScheduleFiringConsumer(SqsClient sqs, ObjectMapper json, ScheduleRunner runner, DeadLetters deadLetters,
                           QueryServiceConfig config) {
        this.sqs = sqs;
        this.json = json;
        this.runner = runner;
        this.deadLetters = deadLetters;
        this.config = config;
    }

    @Override
    public String name() {
        return "schedule-firings";
    }

    @Override
    public Optional<String> queueUrl(QueryServiceConfig.Queues queues) {
        return queues.scheduleFirings();
    }

    @Override
    public int workers(QueryServiceConfig.Queues queues) {
        return Math.max(1, queues.workers() / 2);
    }

    @Override
    public void handle(Message message) {
        String queueUrl = config.queues().scheduleFirings().orElseThrow();
        Optional<String> dlq = config.queues().scheduleFiringsDlq();
        ScheduleFiring firing;
        try {
            firing = parse(message.body());
        } catch (IllegalArgumentException e) {
            deadLetters.deadLetter(queueUrl, dlq, message, e.getMessage());
            return;
        }
        if (!config.schedules().containsKey(firing.schedule())) {
            deadLetters.deadLetter(queueUrl, dlq, message, "schedule " + firing.schedule()
                    + " is not configured on this replica (fired by a replica with another configuration?)");
            return;
        }
        runner.run(firing);
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
    }

    private ScheduleFiring parse(String body) {
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("body is not JSON: " + e.getMessage());
        }
        if (tree == null || !tree.isObject() || !ScheduleFiring.TYPE.equals(tree.path("type").asText())) {
            throw new IllegalArgumentException("body is not a ScheduleFiring: a JSON object with type "
                    + ScheduleFiring.TYPE + ", schedule and firing is required");
        }
        if (!tree.path("schedule").isTextual() || tree.get("schedule").asText().isBlank()) {
            throw new IllegalArgumentException("ScheduleFiring without schedule");
        }
        try {
            return ScheduleFiring.of(tree.get("schedule").asText(), Instant.parse(tree.path("firing").asText()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("ScheduleFiring's firing is not an ISO-8601 instant: " + tree.path("firing"));
        }
    }
}
