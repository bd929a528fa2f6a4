package io.athenalake.query.athena;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/** Queries by state and source, their latency and the bytes they scanned, as Prometheus sees them at /q/metrics. */
@ApplicationScoped
public class QueryMetrics {

    private final MeterRegistry registry;

    QueryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A schedule's firing that did something other than run on time: skipped, cancelled-previous, caught-up. */
    public void firing(String schedule, String outcome) {
        registry.counter("schedule.firings", "schedule", schedule, "outcome", outcome).increment();
    }

    /**
     * A download that ended: {@code complete}, {@code aborted} when its client went away (reading stopped there),
     * {@code failed} when reading the result failed;
     * {@code rows} read from the result (unknown, -1, for a CSV result copied byte for byte).
     */
    public void download(String format, String outcome, long rows) {
        registry.counter("query.downloads", "format", format, "outcome", outcome).increment();
        if (rows >= 0) {
            DistributionSummary.builder("query.download.rows").description("Rows read from S3 per download")
                    .tag("format", format).tag("outcome", outcome).register(registry).record(rows);
        }
    }

    public void submitted(String source) {
        registry.counter("athena.queries.submitted", "source", source).increment();
    }

    /** A query this replica followed to its end. */
    public void finished(String source, QueryStatus status) {
        registry.counter("athena.queries.finished", "source", source, "state", status.state()).increment();
        if (status.statistics() != null && status.statistics().totalExecutionTimeMillis() != null) {
            Timer.builder("athena.query.latency").description("Athena's total execution time of finished queries")
                    .tag("source", source).tag("state", status.state()).publishPercentileHistogram()
                    .register(registry).record(Duration.ofMillis(status.statistics().totalExecutionTimeMillis()));
        }
        if (status.statistics() != null && status.statistics().dataScannedInBytes() != null) {
            DistributionSummary.builder("athena.query.scanned").baseUnit("bytes")
                    .description("Bytes scanned by finished queries").tag("source", source)
                    .register(registry).record(status.statistics().dataScannedInBytes());
        }
    }
}
