package io.athenalake.sqs;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VisibilityHeartbeatTest {

    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    void eachBeatAsksForTheWholeTimeoutWhileSqsAllowsIt() {
        assertThat(VisibilityHeartbeat.extension(FIVE_MINUTES, Duration.ofMinutes(3))).isEqualTo(FIVE_MINUTES);
        assertThat(VisibilityHeartbeat.extension(FIVE_MINUTES, Duration.ofHours(11))).isEqualTo(FIVE_MINUTES);
    }

    @Test
    void nearTwelveHoursItAsksOnlyForWhatIsLeftThenStops() {
        // 12 h less 2 min 30 s (one period) less 11 h 55 min: 2 min 30 s left
        assertThat(VisibilityHeartbeat.extension(FIVE_MINUTES, Duration.ofHours(11).plusMinutes(55)))
                .isEqualTo(Duration.ofSeconds(150));
        assertThat(VisibilityHeartbeat.extension(FIVE_MINUTES, Duration.ofHours(11).plusMinutes(57).plusSeconds(30)))
                .isZero();
        assertThat(VisibilityHeartbeat.extension(FIVE_MINUTES, Duration.ofHours(13))).isZero();
    }

    @Test
    void beatsTwicePerTimeout() {
        assertThat(VisibilityHeartbeat.period(FIVE_MINUTES)).isEqualTo(Duration.ofSeconds(150));
        assertThat(VisibilityHeartbeat.period(Duration.ofSeconds(3))).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void refusesATimeoutSqsWouldRefuse() {
        assertThatThrownBy(() -> new VisibilityHeartbeat(null, Duration.ofHours(13), "q"))
                .hasMessageContaining("2 s to 12 h");
        assertThatThrownBy(() -> new VisibilityHeartbeat(null, Duration.ofSeconds(1), "q"))
                .hasMessageContaining("2 s to 12 h");
    }
}
