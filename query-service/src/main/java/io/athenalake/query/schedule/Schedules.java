package io.athenalake.query.schedule;

import io.athenalake.query.athena.AthenaQueries;
import io.athenalake.query.athena.QuerySpecValidator;
import io.athenalake.query.athena.QueryStatus;
import io.athenalake.query.config.QueryServiceConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.ScheduledExecution;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The configured schedules: validated and registered with the scheduler at start (a bad cron, time
 * zone or query stops the service from starting), listed, and fired on time or on demand.
 */
@ApplicationScoped
public class Schedules {

    private static final Logger LOG = Logger.getLogger(Schedules.class);
    private static final String JOB_PREFIX = "schedule-";

    /**
     * A schedule as the API lists it.
     *
     * @param lastRun the schedule's most recently started execution (any replica's, from the ownership record and
     *                Athena's history), absent before its first firing
     */
    public record ScheduleView(String name, String cron, String timeZone, String sql, String catalog, String database,
                               String workgroup, List<String> parameters, String announceTo, Instant nextFireTime,
                               QueryStatus lastRun) {
    }

    private final Scheduler scheduler;
    private final ScheduleRunner runner;
    private final QueryServiceConfig config;
    private final AthenaQueries queries;

    Schedules(Scheduler scheduler, ScheduleRunner runner, QueryServiceConfig config, AthenaQueries queries) {
        this.scheduler = scheduler;
        this.runner = runner;
        this.config = config;
        this.queries = queries;
    }

    void register(@Observes StartupEvent ignored, QuerySpecValidator validator) {
        List<String> problems = new ArrayList<>();
        config.schedules().forEach((name, schedule) -> {
            try {
                ZoneId.of(schedule.timeZone());
            } catch (DateTimeException e) {
                problems.add("schedule " + name + ": time-zone " + schedule.timeZone() + " is not a time zone");
            }
            schedule.catchUp().filter(age -> age.isNegative() || age.isZero()).ifPresent(age -> problems.add(
                    "schedule " + name + ": catch-up must be a positive duration such as PT6H, not " + age));
            try {
                new CronTimes(schedule.cron(), schedule.timeZone());
            } catch (RuntimeException e) {
                problems.add("schedule " + name + ": cron " + schedule.cron() + " is not a Quartz cron: " + e.getMessage());
            }
            try {
                ScheduleRunner.spec(validator, name, schedule, Instant.EPOCH);
            } catch (RuntimeException e) {
                problems.add("schedule " + name + ": " + e.getMessage());
            }
        });
        config.queues().scheduleFirings().filter(url -> !url.endsWith(".fifo")).ifPresent(url -> problems.add(
                "queues.schedule-firings must be a FIFO queue (its name ends in .fifo): " + url));
        config.queues().scheduleFiringsDlq().filter(url -> !url.endsWith(".fifo")).ifPresent(url -> problems.add(
                "queues.schedule-firings-dlq must be a FIFO queue (a FIFO queue's dead-letter queue is one): " + url));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid schedules: " + String.join("; ", problems));
        }
        if (!config.schedules().isEmpty() && config.queues().scheduleFirings().isEmpty()) {
            LOG.warnf("No schedule-firings queue (query-service.queues.schedule-firings): every replica announces its own"
                    + " firings of %s (one execution each, but one announcement per replica)", config.schedules().keySet());
        }
        config.schedules().forEach((name, schedule) -> {
            scheduler.newJob(JOB_PREFIX + name)
                    .setCron(schedule.cron())
                    .setTimeZone(schedule.timeZone())
                    .setConcurrentExecution(io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
                    .setTask(execution -> fired(name, execution))
                    .schedule();
            LOG.infof("Schedule %s: %s (%s, overlap %s, catch-up %s)", name, schedule.cron(), schedule.timeZone(),
                    schedule.overlap(), schedule.catchUp().map(Object::toString).orElse("none"));
        });
        catchUp(Instant.now());
    }

    /** Missed firings are caught up in the background, so that a slow Athena or S3 does not hold the start. */
    private void catchUp(Instant started) {
        List<String> names = new TreeMap<>(config.schedules()).entrySet().stream()
                .filter(entry -> entry.getValue().catchUp().isPresent()).map(Map.Entry::getKey).toList();
        if (names.isEmpty()) {
            return;
        }
        Thread thread = new Thread(() -> names.forEach(name -> {
            try {
                List<Instant> missed = runner.catchUp(name, started);
                LOG.infof("Schedule %s: %d missed firing(s) caught up", name, missed.size());
            } catch (RuntimeException e) {
                LOG.errorf("Schedule %s: catching up missed firings failed: %s", name, e.toString());
            }
        }), "schedule-catch-up");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ignored) {
        scheduler.pause();
        runner.shutdown();
    }

    private void fired(String name, ScheduledExecution execution) {
        try {
            runner.fired(name, execution.getScheduledFireTime());
        } catch (RuntimeException e) {
            LOG.errorf("Schedule %s could not start its query: %s", name, e.getMessage());
        }
    }

    public List<ScheduleView> list() {
        List<ScheduleView> views = new ArrayList<>();
        new TreeMap<>(config.schedules()).forEach((name, schedule) -> views.add(view(name, schedule)));
        return views;
    }

    /** Runs the schedule now, as a firing at this second. */
    public String runNow(String name) {
        return runner.fire(name, Instant.now());
    }

    private ScheduleView view(String name, QueryServiceConfig.Schedule schedule) {
        Instant next = Optional.ofNullable(scheduler.getScheduledJob(JOB_PREFIX + name)).map(Trigger::getNextFireTime)
                .orElse(null);
        return new ScheduleView(name, schedule.cron(), schedule.timeZone(), schedule.sql(), schedule.catalog().orElse(null),
                schedule.database().orElse(null), schedule.workgroup().orElse(config.athena().workgroup()),
                schedule.parameters().orElse(List.of()), schedule.announceTo().orElse(config.queues().results().orElse(null)),
                next, queries.latest(ScheduleRunner.source(name)).orElse(null));
    }

    Map<String, QueryServiceConfig.Schedule> configured() {
        return config.schedules();
    }
}
