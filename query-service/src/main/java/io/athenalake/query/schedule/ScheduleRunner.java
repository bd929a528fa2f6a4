package io.athenalake.query.schedule;

import io.athenalake.query.athena.AthenaQueries;
import io.athenalake.query.athena.AthenaRejectedException;
import io.athenalake.query.athena.QueryInput;
import io.athenalake.query.athena.QuerySpec;
import io.athenalake.query.athena.QuerySpecValidator;
import io.athenalake.query.athena.QueryStatus;
import io.athenalake.query.config.QueryServiceConfig;
import io.athenalake.query.messaging.QueryRuns;
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
 * Fires a configured schedule. Its query carries a ClientRequestToken derived from the schedule's name and the
 * firing's scheduled time, so every replica firing the same moment starts the same one execution. With a
 * {@code schedule-firings} queue ({@link FiringQueue}) each replica only sends the firing there and the replica
 * that receives it runs, follows and announces it ({@link #run}): one announcement per firing. Without one, each
 * replica follows and announces its own firing.
 */
@ApplicationScoped
public class ScheduleRunner {

    private static final Logger LOG = Logger.getLogger(ScheduleRunner.class);

    private final AthenaQueries queries;
    private final ResultAnnouncer announcer;
    private final QueryRuns runs;
    private final FiringQueue firingQueue;
    private final QuerySpecValidator validator;
    private final QueryServiceConfig config;
    private final ExecutorService followers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "schedule-follower");
        thread.setDaemon(true);
        return thread;
    });

    public ScheduleRunner(AthenaQueries queries, ResultAnnouncer announcer, QueryRuns runs, FiringQueue firingQueue,
                          QuerySpecValidator validator, QueryServiceConfig config) {
        this.queries = queries;
        this.announcer = announcer;
        this.runs = runs;
        this.firingQueue = firingQueue;
        this.validator = validator;
        this.config = config;
    }

    /** The scheduler fired: send the firing to the queue (one run across replicas), or run it here when there is none. */
    public void fired(String name, Instant fireTime) {
        schedule(name);
        if (firingQueue.enabled()) {
            firingQueue.send(name, fireTime.truncatedTo(ChronoUnit.SECONDS));
        } else {
            fire(name, fireTime);
        }
    }

    /**
     * Fires the schedule for {@code fireTime} and returns the execution id (the same on every replica). With a
     * firings queue, the firing is sent there first: whichever replica receives it follows this same execution.
     */
    public String fire(String name, Instant fireTime) {
        QueryServiceConfig.Schedule schedule = schedule(name);
        ScheduleFiring firing = ScheduleFiring.of(name, fireTime.truncatedTo(ChronoUnit.SECONDS));
        String source = source(name);
        QuerySpec spec = spec(name, schedule, firing.firing());
        if (firingQueue.enabled()) {
            firingQueue.send(name, firing.firing());
            return queries.start(spec, source, source);
        }
        String id;
        try {
            id = queries.start(spec, source, source);
        } catch (AthenaRejectedException e) {
            announcer.rejected(firing.requestId(), source, firing.requestId(), e.errorCode(), e.getMessage(),
                    schedule.announceTo());
            throw e;
        }
        io.athenalake.query.athena.QueryLog.info(LOG, id, source, "Schedule %s fired for %s: query %s", name,
                firing.firing(), id);
        followers.submit(() -> {
            try {
                QueryStatus status = queries.await(id, config.athena().backgroundTimeout(), source);
                if (status.finished()) {
                    announcer.announce(status, source, firing.requestId(), schedule.announceTo());
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

    /**
     * Runs a firing received from the queue: starts (or, redelivered, finds again) its execution, follows it and
     * announces the outcome once.
     *
     * @throws QueryRuns.StillRunningException when the query outlives the background timeout (the firing stays
     *                                         on the queue and the next receive follows the same execution)
     */
    public QueryRuns.Outcome run(ScheduleFiring firing) {
        QueryServiceConfig.Schedule schedule = schedule(firing.schedule());
        return runs.run(spec(firing.schedule(), schedule, firing.firing()), source(firing.schedule()), firing.requestId(),
                firing.requestId(), schedule.announceTo());
    }

    private QueryServiceConfig.Schedule schedule(String name) {
        QueryServiceConfig.Schedule schedule = config.schedules().get(name);
        if (schedule == null) {
            throw new UnknownScheduleException(name);
        }
        return schedule;
    }

    static String source(String name) {
        return "schedule:" + name;
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
