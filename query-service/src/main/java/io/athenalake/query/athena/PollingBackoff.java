package io.athenalake.query.athena;

import io.athenalake.query.config.QueryServiceConfig;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between status polls that grow with the query's age: the next poll comes when the query is
 * a fraction older (10 % by default), never sooner than the initial delay nor later than the maximum.
 * A 200 ms query is seen finished within ~50 ms of its end; a ten-minute query costs a poll every
 * few seconds, not hundreds a minute; the time lost to polling stays within that fraction.
 */
public final class PollingBackoff {

    private final long startNanos = System.nanoTime();
    private final long initialMillis;
    private final long maxMillis;
    private final double ageFraction;

    public PollingBackoff(QueryServiceConfig.Polling polling) {
        this(polling.initialDelay(), polling.maxDelay(), polling.ageFraction());
    }

    public PollingBackoff(Duration initial, Duration max, double ageFraction) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.ageFraction = Math.max(0, ageFraction);
    }

    /** The next delay, with ±10 % jitter so that many waiting queries do not poll in step. */
    public Duration next() {
        long ageMillis = (System.nanoTime() - startNanos) / 1_000_000;
        double base = Math.min(maxMillis, Math.max(initialMillis, ageMillis * ageFraction));
        double jitter = 0.9 + ThreadLocalRandom.current().nextDouble() * 0.2;
        return Duration.ofMillis(Math.max(1, Math.round(base * jitter)));
    }
}
