package io.athenalake.query.athena;

import io.athenalake.query.config.QueryServiceConfig;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between status polls that grow with the query's age: a 100 ms query is seen finished
 * within tens of milliseconds, a ten-minute query costs a poll every few seconds, not hundreds a minute.
 */
public final class PollingBackoff {

    private final double maxMillis;
    private final double multiplier;
    private double nextMillis;

    public PollingBackoff(QueryServiceConfig.Polling polling) {
        this(polling.initialDelay(), polling.maxDelay(), polling.multiplier());
    }

    public PollingBackoff(Duration initial, Duration max, double multiplier) {
        this.nextMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(nextMillis, max.toMillis());
        this.multiplier = Math.max(1.0, multiplier);
    }

    /** The next delay, with ±10 % jitter so that many waiting queries do not poll in step. */
    public Duration next() {
        double base = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * multiplier);
        double jitter = 0.9 + ThreadLocalRandom.current().nextDouble() * 0.2;
        return Duration.ofMillis(Math.max(1, Math.round(base * jitter)));
    }
}
