package io.athenalake.query.athena;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;
import software.amazon.awssdk.services.athena.model.TooManyRequestsException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The retry policy for Athena: throttling retried with jitter, then 429; refusals in Athena's words. */
class AthenaCallsTest {

    private final AthenaCalls calls = new AthenaCalls(4, Duration.ofMillis(1));

    @Test
    void throttledCallsAreRetriedUntilTheySucceed() {
        AtomicInteger attempts = new AtomicInteger();
        String answer = calls.call(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw throttled();
            }
            return "ok";
        });
        assertThat(answer).isEqualTo("ok");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void persistentThrottlingEndsInThrottledWithRetryAfter() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> calls.call(() -> {
            attempts.incrementAndGet();
            throw throttled();
        })).isInstanceOf(ThrottledException.class)
                .satisfies(e -> assertThat(((ThrottledException) e).retryAfter()).isPositive());
        assertThat(attempts).hasValue(4);
    }

    @Test
    void refusalsAreNotRetriedAndKeepAthenasWords() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> calls.call(() -> {
            attempts.incrementAndGet();
            throw invalid("WorkGroup nope is not found.");
        })).isInstanceOf(AthenaRejectedException.class).hasMessage("WorkGroup nope is not found.");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void unknownQueryIsNotFound() {
        assertThatThrownBy(() -> calls.aboutQuery("q-1", () -> {
            throw invalid("QueryExecution q-1 was not found");
        })).isInstanceOf(QueryNotFoundException.class);
    }

    @Test
    void jitteredDelaysStayUnderTheExponentialCeiling() {
        AthenaCalls policy = new AthenaCalls(6, Duration.ofMillis(200));
        for (int attempt = 1; attempt <= 10; attempt++) {
            long ceiling = Math.min(5000, 200L << (attempt - 1));
            assertThat(policy.delay(attempt).toMillis()).isBetween(0L, ceiling);
        }
    }

    @Test
    void pollingIsFastForYoungQueriesAndBoundedForOldOnes() {
        PollingBackoff young = new PollingBackoff(Duration.ofMillis(50), Duration.ofSeconds(5), 0.1);
        assertThat(young.next().toMillis()).isBetween(45L, 55L);
        // a query polled with a huge fraction reaches the ceiling at once: the delay never passes the maximum
        PollingBackoff old = new PollingBackoff(Duration.ofMillis(50), Duration.ofSeconds(5), 1e9);
        long start = System.nanoTime();
        while (System.nanoTime() - start < 2_000_000) {
            Thread.onSpinWait();
        }
        assertThat(old.next().toMillis()).isBetween(4500L, 5500L);
    }

    private static TooManyRequestsException throttled() {
        return (TooManyRequestsException) TooManyRequestsException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("TooManyRequestsException").errorMessage("Rate exceeded").build())
                .message("Rate exceeded").build();
    }

    private static InvalidRequestException invalid(String message) {
        return (InvalidRequestException) InvalidRequestException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidRequestException").errorMessage(message).build())
                .message(message).build();
    }
}
