package io.athenalake.query.schedule;

import java.time.Instant;

/**
 * One firing of a schedule, as replicas send it to the {@code schedule-firings} FIFO queue:
 * {@code {"type":"ScheduleFiring","schedule":"nation-count","firing":"2026-12-02T06:00:00Z"}}.
 * The firing is the scheduled time, truncated to the second: the same on every replica.
 */
public record ScheduleFiring(String type, String schedule, Instant firing) {

    public static final String TYPE = "ScheduleFiring";

    public static ScheduleFiring of(String schedule, Instant firing) {
        return new ScheduleFiring(TYPE, schedule, firing);
    }

    /** {@code <schedule>@<firing>}: the request id of the firing's run, the correlation id of its announcement. */
    public String requestId() {
        return schedule + "@" + firing;
    }
}
