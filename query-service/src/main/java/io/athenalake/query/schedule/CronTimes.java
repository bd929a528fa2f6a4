package io.athenalake.query.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A schedule's firing times, read from its Quartz cron in its time zone as the scheduler reads them. */
final class CronTimes {

    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private final ExecutionTime times;
    private final ZoneId zone;

    CronTimes(String cron, String timeZone) {
        this.times = ExecutionTime.forCron(QUARTZ.parse(cron));
        this.zone = ZoneId.of(timeZone);
    }

    /** The last firing strictly before {@code instant}, if the cron has one. */
    Optional<Instant> previous(Instant instant) {
        return times.lastExecution(instant.atZone(zone)).map(ZonedDateTime::toInstant);
    }

    /** Firings strictly after {@code from} and strictly before {@code to}, oldest first, at most {@code limit}. */
    List<Instant> between(Instant from, Instant to, int limit) {
        List<Instant> firings = new ArrayList<>();
        ZonedDateTime cursor = from.atZone(zone);
        while (firings.size() < limit) {
            Optional<ZonedDateTime> next = times.nextExecution(cursor);
            if (next.isEmpty() || !next.get().toInstant().isBefore(to)) {
                break;
            }
            firings.add(next.get().toInstant());
            cursor = next.get();
        }
        return firings;
    }
}
