package io.athenalake.query.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.athenalake.query.config.QueryServiceConfig;
import io.athenalake.query.messaging.QueueSubscription;
import io.athenalake.sqs.Envelopes;
import io.athenalake.sqs.MalformedMessageException;
import io.athenalake.sqs.Outcome;
import io.athenalake.sqs.Received;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Firings from {@code schedule-firings}: the replica that receives one runs the schedule's query, follows it and
 * announces the outcome, then the firing is deleted. A redelivery (a crash, a query outliving the service's wait)
 * derives the same ClientRequestToken and follows the same execution. A firing that is not one, or of a schedule
 * this replica does not have, goes to the dead-letter queue with the reason.
 */
@ApplicationScoped
public class ScheduleFiringConsumer implements QueueSubscription {

    private final ScheduleRunner runner;
    private final QueryServiceConfig config;

    ScheduleFiringConsumer(ScheduleRunner runner, QueryServiceConfig config) {
        this.runner = runner;
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
    public Optional<String> deadLetterQueueUrl(QueryServiceConfig.Queues queues) {
        return queues.scheduleFiringsDlq();
    }

    @Override
    public int workers(QueryServiceConfig.Queues queues) {
        return Math.max(1, queues.workers() / 2);
    }

    @Override
    public Outcome handle(Received message) {
        ScheduleFiring firing = parse(message.body());
        if (!config.schedules().containsKey(firing.schedule())) {
            return Outcome.deadLetter("schedule " + firing.schedule()
                    + " is not configured on this replica (fired by a replica with another configuration?)");
        }
        runner.run(firing);
        return Outcome.done();
    }

    private static ScheduleFiring parse(String body) {
        JsonNode tree = Envelopes.object(body);
        if (!ScheduleFiring.TYPE.equals(Envelopes.text(tree, "type"))) {
            throw new MalformedMessageException("body is not a ScheduleFiring: a JSON object with type "
                    + ScheduleFiring.TYPE + ", schedule and firing is required");
        }
        String schedule = Envelopes.text(tree, "schedule");
        if (schedule == null) {
            throw new MalformedMessageException("ScheduleFiring without schedule");
        }
        try {
            return ScheduleFiring.of(schedule, Instant.parse(tree.path("firing").asText()));
        } catch (DateTimeParseException e) {
            throw new MalformedMessageException("ScheduleFiring's firing is not an ISO-8601 instant: " + tree.path("firing"));
        }
    }
}
