package io.athenalake.query.rest;

import io.athenalake.query.athena.ThrottledException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Throttling that outlasted the retries answers 429 with Retry-After (Athena cannot be made to throttle on the devstack). */
class ProblemMappersTest {

    @Test
    void throttlingIs429WithRetryAfter() {
        Response response = new ProblemMappers().throttled(
                new ThrottledException("Athena is throttling requests; try again later", Duration.ofMillis(4200), null));
        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
        assertThat(((Problem) response.getEntity()).detail()).contains("throttling");
    }
}
