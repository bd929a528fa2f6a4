package io.athenalake.query.athena;

import io.athenalake.query.config.QueryServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.athena.model.AthenaException;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;
import software.amazon.awssdk.services.athena.model.TooManyRequestsException;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The one retry policy for Athena: throttling, 5xx and connection failures are retried with
 * exponential back-off and full jitter (so replicas do not retry in step); when Athena still
 * throttles, {@link ThrottledException} tells the caller when to come back. Athena's refusals become
 * {@link AthenaRejectedException} or {@link QueryNotFoundException}.
 */
@ApplicationScoped
public class AthenaCalls {

    private static final Logger LOG = Logger.getLogger(AthenaCalls.class);
    private static final Pattern NOT_FOUND = Pattern.compile("(?i)QueryExecution .* (was )?not found");
    private static final Duration MAX_DELAY = Duration.ofSeconds(5);

    private final int attempts;
    private final Duration baseDelay;

    @Inject
    AthenaCalls(QueryServiceConfig config) {
        this(config.polling().throttleAttempts(), config.polling().throttleBaseDelay());
    }

    public AthenaCalls(int attempts, Duration baseDelay) {
        this.attempts = Math.max(1, attempts);
        this.baseDelay = baseDelay;
    }

    /** Calls Athena about a query execution: "not found" becomes {@link QueryNotFoundException}. */
    public <T> T aboutQuery(String queryExecutionId, Supplier<T> call) {
        try {
            return call(call);
        } catch (AthenaRejectedException e) {
            if (NOT_FOUND.matcher(String.valueOf(e.getMessage())).find()) {
                throw new QueryNotFoundException(queryExecutionId);
            }
            throw e;
        }
    }

    public <T> T call(Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (InvalidRequestException e) {
                throw new AthenaRejectedException(e.awsErrorDetails() == null ? "InvalidRequestException"
                        : e.awsErrorDetails().errorCode(), message(e), e);
            } catch (SdkServiceException | SdkClientException e) {
                boolean throttled = e instanceof TooManyRequestsException
                        || (e instanceof SdkServiceException service && (service.isThrottlingException() || service.statusCode() == 429));
                boolean transientFailure = throttled || e instanceof SdkClientException
                        || (e instanceof SdkServiceException service && service.statusCode() >= 500);
                if (!transientFailure) {
                    throw new AthenaRejectedException(e instanceof AthenaException athena && athena.awsErrorDetails() != null
                            ? athena.awsErrorDetails().errorCode() : e.getClass().getSimpleName(), message(e), e);
                }
                if (attempt >= attempts) {
                    if (throttled) {
                        throw new ThrottledException("Athena is throttling requests; try again later", MAX_DELAY, e);
                    }
                    throw e;
                }
                Duration delay = delay(attempt);
                LOG.debugf("Athena call failed (%s), attempt %d of %d, retrying in %d ms", e.getClass().getSimpleName(),
                        attempt, attempts, delay.toMillis());
                sleep(delay);
            }
        }
    }

    /** Full jitter: uniformly between zero and the exponential ceiling. */
    Duration delay(int attempt) {
        long ceiling = Math.min(MAX_DELAY.toMillis(), baseDelay.toMillis() * (1L << Math.min(attempt - 1, 16)));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    private static String message(SdkServiceException e) {
        return e instanceof AthenaException athena && athena.awsErrorDetails() != null
                && athena.awsErrorDetails().errorMessage() != null ? athena.awsErrorDetails().errorMessage() : e.getMessage();
    }

    private static String message(RuntimeException e) {
        return e instanceof SdkServiceException service ? message(service) : e.getMessage();
    }

    static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
