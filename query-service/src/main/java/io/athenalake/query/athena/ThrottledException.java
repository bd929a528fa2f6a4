package io.athenalake.query.athena;

import java.time.Duration;

/** Athena kept throttling after the retries the policy allows; the caller should come back after {@link #retryAfter()}. */
public class ThrottledException extends RuntimeException {

    private final Duration retryAfter;

    public ThrottledException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
