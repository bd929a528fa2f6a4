package io.athenalake.query.schedule;

import io.athenalake.query.athena.AthenaQueries;
import io.athenalake.query.athena.AthenaRejectedException;
import io.athenalake.query.athena.QueryInput;
import io.athenalake.query.athena.QueryMetrics;
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
import java.util.Optional;
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
    static final String FIRING = ":firing";
    static final String PREVIOUS_FIRING = ":previous-firing";
    private static final int MAX_CATCH_UP = 1_000;
    private static final java.time.format.DateTimeFormatter TIMESTAMP = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(java.time.ZoneOffset.UTC);

    private final AthenaQueries queries;
    private final ResultAnnouncer announcer;
    private final QueryRuns runs;
    private final FiringQueue firingQueue;
    private final QuerySpecValidator validator;
    private final QueryServiceConfig config;
    private final QueryMetrics metrics;
    private final ExecutorService followers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "schedule-follower");
        thread.setDaemon(true);
        return thread;
    });

    public ScheduleRunner(AthenaQueries queries, ResultAnnouncer announcer, QueryRuns runs, FiringQueue firingQueue,
                          QuerySpecValidator validator, QueryServiceConfig config, QueryMetrics metrics) {
        this.metrics = metrics;
        this.queries = queries;
        this.announcer = announcer;
        this.runs = runs;
        this.firingQueue = firingQueue;
        this.validator = validator;
        this.config = config;
    }

    /**
     * The scheduler fired: unless the schedule's overlap policy says otherwise, send the firing to the queue (one
     * run across replicas), or run it here when there is none.
     */
    public void fired(String name, Instant fireTime) {
        if (!overlapAllows(name, schedule(name), fireTime.truncatedTo(ChronoUnit.SECONDS))) {
            return;
        }
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
     * Runs the firings of {@code name} missed since its last recorded execution, back to its {@code catch-up} age,
     * oldest first, each as the scheduler would have fired it (its own firing time, token and parameters). A
     * schedule that never ran has missed nothing. Replicas starting together send the same firings: SQS
     * deduplicates them, and their ClientRequestToken is the same.
     *
     * @return the firings sent
     */
    public List<Instant> catchUp(String name, Instant now) {
        QueryServiceConfig.Schedule schedule = schedule(name);
        if (schedule.catchUp().isEmpty()) {
            return List.of();
        }
        Optional<Instant> last = queries.lastSubmitted(source(name));
        if (last.isEmpty()) {
            return List.of();
        }
        Instant oldest = now.minus(schedule.catchUp().get());
        Instant from = last.get().isAfter(oldest) ? last.get() : oldest.minusMillis(1);
        List<Instant> missed = new CronTimes(schedule.cron(), schedule.timeZone()).between(from, now, MAX_CATCH_UP);
        for (Instant firing : missed) {
            LOG.infof("Schedule %s: catching up the firing of %s (last run submitted %s)", name, firing, last.get());
            metrics.firing(name, "caught-up");
            fired(name, firing);
        }
        return missed;
    }

    /**
     * Whether a firing may run while the schedule's last execution (any replica's, from the ownership record) is
     * still running: always under {@code queue} (it waits its turn in the firing queue); under {@code skip} not;
     * under {@code cancel-previous} after stopping that execution. An execution submitted at or after the firing
     * is this firing's own (another replica received it first), not a previous one.
     */
    private boolean overlapAllows(String name, QueryServiceConfig.Schedule schedule, Instant firing) {
        if (schedule.overlap() == QueryServiceConfig.Schedule.Overlap.QUEUE) {
            return true;
        }
        Optional<QueryStatus> last = queries.latest(source(name));
        if (last.isEmpty() || last.get().finished() || last.get().submittedAt() == null
                || !last.get().submittedAt().isBefore(firing)) {
            return true;
        }
        String previous = last.get().queryExecutionId();
        if (schedule.overlap() == QueryServiceConfig.Schedule.Overlap.SKIP) {
            io.athenalake.query.athena.QueryLog.info(LOG, previous, source(name),
                    "Schedule %s: firing of %s skipped, its previous query %s still %s", name, firing, previous,
                    last.get().state());
            metrics.firing(name, "skipped");
            return false;
        }
        io.athenalake.query.athena.QueryLog.info(LOG, previous, source(name),
                "Schedule %s: firing of %s stops its previous query %s (%s)", name, firing, previous, last.get().state());
        queries.cancel(previous);
        metrics.firing(name, "cancelled-previous");
        return true;
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
                schedule.workgroup().orElse(null), parameters(schedule, firing), null, null,
                name + ":" + firing.getEpochSecond(), null), "schedule", List.of());
    }

    /**
     * The schedule's parameters with {@code :firing} bound to the firing's scheduled time and {@code :previous-firing}
     * to the cron's firing before it, as {@code TIMESTAMP 'yyyy-MM-dd HH:mm:ss.SSS'} in UTC: a query of the window
     * {@code [previous firing, firing)} reads the same rows whenever it runs, on time or caught up.
     */
    static List<String> parameters(QueryServiceConfig.Schedule schedule, Instant firing) {
        List<String> parameters = schedule.parameters().orElse(null);
        if (parameters == null) {
            return null;
        }
        List<String> bound = new java.util.ArrayList<>(parameters.size());
        for (String parameter : parameters) {
            bound.add(switch (parameter.trim()) {
                case FIRING -> timestamp(firing);
                case PREVIOUS_FIRING -> timestamp(new CronTimes(schedule.cron(), schedule.timeZone()).previous(firing)
                        .orElse(Instant.EPOCH));
                default -> parameter;
            });
        }
        return bound;
    }

    private static String timestamp(Instant instant) {
        return "TIMESTAMP '" + TIMESTAMP.format(instant) + "'";
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
