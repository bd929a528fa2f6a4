package io.athenalake.query.schedule;

import io.athenalake.query.athena.AthenaQueries;
import io.athenalake.query.athena.AthenaRejectedException;
import io.athenalake.query.athena.QueryInput;
import io.athenalake.query.athena.QuerySpec;
import io.athenalake.query.athena.QuerySpecValidator;
import io.athenalake.query.athena.QueryStatus;
import io.athenalake.query.config.QueryServiceConfig;
import io.athenalake.query.messaging.ResultAnnouncer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Fires a configured schedule: starts its query with a ClientRequestToken derived from the schedule's
 * name and the firing's scheduled time, so every replica firing the same moment starts the same one
 * execution; then follows it and announces the outcome where the schedule says.
 */
@ApplicationScoped
public class ScheduleRunner {

    private static final Logger LOG = Logger.getLogger(ScheduleRunner.class);

    private final AthenaQueries queries;
    private final ResultAnnouncer announcer;
    private final QuerySpecValidator validator;
    private final QueryServiceConfig config;
    private final ExecutorService followers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "schedule-follower");
        thread.setDaemon(true);
        return thread;
    });

    public ScheduleRunner(AthenaQueries queries, ResultAnnouncer announcer, QuerySpecValidator validator,
                          QueryServiceConfig config) {
        this.queries = queries;
        this.announcer = announcer;
        this.validator = validator;
        this.config = config;
    }

    /** Starts the schedule's query for the firing at {@code fireTime}; the execution id (the same on every replica). */
    public String fire(String name, Instant fireTime) {
        QueryServiceConfig.Schedule schedule = config.schedules().get(name);
        if (schedule == null) {
            throw new UnknownScheduleException(name);
        }
        Instant firing = fireTime.truncatedTo(ChronoUnit.SECONDS);
        String source = "schedule:" + name;
        String requestId = name + "@" + firing;
        QuerySpec spec = spec(name, schedule, firing);
        String id;
        try {
            id = queries.start(spec, source);
        } catch (AthenaRejectedException e) {
            announcer.rejected(requestId, source, requestId, e.errorCode(), e.getMessage(), schedule.announceTo());
            throw e;
        }
        io.athenalake.query.athena.QueryLog.info(LOG, id, source, "Schedule %s fired for %s: query %s", name, firing, id);
        followers.submit(() -> {
            try {
                QueryStatus status = queries.await(id, config.athena().backgroundTimeout(), source);
                if (status.finished()) {
                    announcer.announce(status, source, requestId, schedule.announceTo());
                } else {
                    LOG.warnf("Schedule %s: query %s still %s after %s; not announced", name, id, status.state(),
                            config.athena().backgroundTimeout());
                }
            } catch (RuntimeException e) {
                LOG.errorf("Schedule %s: following query %s failed: %s", name, id, e.toString());
            }
        });
        return id;
    }

    static QuerySpec spec(QuerySpecValidator validator, String name, QueryServiceConfig.Schedule schedule, Instant firing) {
        return validator.spec(new QueryInput(schedule.sql(), schedule.catalog().orElse(null), schedule.database().orElse(null),
                schedule.workgroup().orElse(null), schedule.parameters().orElse(null), null, null,
                name + ":" + firing.getEpochSecond()), "schedule", List.of());
    }

    private QuerySpec spec(String name, QueryServiceConfig.Schedule schedule, Instant firing) {
        return spec(validator, name, schedule, firing);
    }

    /** Followers still running, for an orderly stop. */
    void shutdown() {
        followers.shutdownNow();
    }

    Duration timeout() {
        return config.athena().backgroundTimeout();
    }
}
