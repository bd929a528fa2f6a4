package io.athenalake.query.athena;

import io.athenalake.events.QueryStatistics;
import io.athenalake.query.config.QueryServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatistics;
import software.amazon.awssdk.services.athena.model.ResultReuseByAgeConfiguration;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Starting, following and stopping Athena query executions. Stateless: every answer comes from
 * Athena's own query history, so any replica answers for any query.
 */
@ApplicationScoped
public class AthenaQueries {

    private static final Logger LOG = Logger.getLogger(AthenaQueries.class);
    private static final int BATCH = 50; // BatchGetQueryExecution's limit
    private static final int MAX_SCANNED = 500;

    private final AthenaClient athena;
    private final AthenaCalls calls;
    private final QueryServiceConfig config;
    private final QueryMetrics metrics;
    private final QueryOwners owners;
    private final ResultLocation resultLocation;
    private final ScheduledExecutorService budgetWatch = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bytes-scanned-budget");
        thread.setDaemon(true);
        return thread;
    });

    public AthenaQueries(AthenaClient athena, AthenaCalls calls, QueryServiceConfig config, QueryMetrics metrics,
                         QueryOwners owners, ResultLocation resultLocation) {
        this.athena = athena;
        this.calls = calls;
        this.config = config;
        this.metrics = metrics;
        this.owners = owners;
        this.resultLocation = resultLocation;
    }

    /**
     * Starts the query (idempotently, when it carries a client token), records its owner and returns Athena's
     * execution id. A query whose owner cannot be recorded is stopped: no one but an admin could see it.
     *
     * @param owner who may read it: {@code user:<subject>} for a REST caller, the source otherwise
     */
    public String start(QuerySpec spec, String source, String owner) {
        StartQueryExecutionRequest.Builder request = StartQueryExecutionRequest.builder()
                .queryString(queryText(spec))
                .workGroup(spec.workgroup())
                .queryExecutionContext(context -> {
                    context.catalog(spec.catalog());
                    spec.database().ifPresent(context::database);
                });
        if (!spec.parameters().isEmpty()) {
            request.executionParameters(spec.parameters());
        }
        spec.clientToken().ifPresent(request::clientRequestToken);
        config.athena().outputLocation().ifPresent(location -> request.resultConfiguration(r -> r.outputLocation(location)));
        spec.resultReuseMaxAgeMinutes().ifPresent(age -> request.resultReuseConfiguration(reuse -> reuse
                .resultReuseByAgeConfiguration(ResultReuseByAgeConfiguration.builder().enabled(true).maxAgeInMinutes(age).build())));
        String id = calls.call(() -> athena.startQueryExecution(request.build())).queryExecutionId();
        try {
            QueryExecution execution = calls.aboutQuery(id, () -> athena.getQueryExecution(r -> r.queryExecutionId(id))
                    .queryExecution());
            owners.record(id, new QueryOwners.Owner(owner, source, execution.status().submissionDateTime()));
        } catch (RuntimeException e) {
            QueryLog.warn(LOG, id, source, "Recording the owner of query %s failed (%s): stopping it", id, e.toString());
            try {
                calls.aboutQuery(id, () -> athena.stopQueryExecution(r -> r.queryExecutionId(id)));
            } catch (RuntimeException stop) {
                e.addSuppressed(stop);
            }
            throw e;
        }
        metrics.submitted(source);
        QueryLog.info(LOG, id, source, "Started query %s (workgroup %s, catalog %s, database %s)", id, spec.workgroup(),
                spec.catalog(), spec.database().orElse("-"));
        spec.bytesScannedBudget().ifPresent(budget -> watchBudget(id, budget, new PollingBackoff(config.polling()),
                System.nanoTime() + config.athena().backgroundTimeout().toNanos()));
        return id;
    }

    /**
     * The SQL Athena runs: the caller's, or for a parquet result its UNLOAD into a location of its own under the
     * result location, named after the client token (so a retried request unloads to the same place, which
     * Athena's idempotency requires: the same token with another query text is an error) or else a random one.
     */
    private String queryText(QuerySpec spec) {
        if (spec.resultFormat() != ResultFormat.PARQUET) {
            return spec.sql();
        }
        String name = spec.clientToken().orElseGet(() -> UUID.randomUUID().toString());
        return UnloadStatement.wrap(spec.sql(), resultLocation.root() + "unload/" + name + "/");
    }

    /**
     * The owner's queries, newest first: their listing keys from {@link QueryOwners}, their state from Athena's
     * history (BatchGetQueryExecution, 50 at a time). Queries Athena no longer knows (its history keeps 45 days)
     * are left out. At most {@code MAX_SCANNED} listing entries are read per call, so a selective state filter
     * answers a short page with a next token rather than reading the whole history.
     */
    public History history(String owner, Set<String> states, Optional<Instant> since, Optional<Instant> until,
                           Optional<String> after, int pageSize) {
        List<QueryStatus> found = new ArrayList<>();
        Optional<String> cursor = after;
        int scanned = 0;
        while (found.size() < pageSize && scanned < MAX_SCANNED) {
            QueryOwners.Slice slice = owners.list(owner, since, until, cursor, states.isEmpty() ? Math.min(BATCH, pageSize) : BATCH);
            if (slice.entries().isEmpty()) {
                return new History(found, null);
            }
            List<String> ids = slice.entries().stream().map(QueryOwners.Entry::queryExecutionId).toList();
            Map<String, QueryExecution> executions = new HashMap<>();
            calls.call(() -> athena.batchGetQueryExecution(r -> r.queryExecutionIds(ids))).queryExecutions()
                    .forEach(execution -> executions.put(execution.queryExecutionId(), execution));
            for (QueryOwners.Entry entry : slice.entries()) {
                scanned++;
                cursor = Optional.of(entry.key());
                QueryExecution execution = executions.get(entry.queryExecutionId());
                if (execution != null && (states.isEmpty() || states.contains(execution.status().stateAsString()))) {
                    found.add(toStatus(execution));
                    if (found.size() == pageSize) {
                        boolean last = slice.exhausted() && entry == slice.entries().get(slice.entries().size() - 1);
                        return new History(found, last ? null : entry.key());
                    }
                }
            }
            if (slice.exhausted()) {
                return new History(found, null);
            }
        }
        return new History(found, cursor.orElse(null));
    }

    /** The owner's most recently submitted query, with its state from Athena. */
    public Optional<QueryStatus> latest(String owner) {
        return history(owner, Set.of(), Optional.empty(), Optional.empty(), Optional.empty(), 1).queries().stream()
                .findFirst();
    }

    /** When the owner's most recent query was submitted, from the ownership record alone. */
    public Optional<Instant> lastSubmitted(String owner) {
        return owners.list(owner, Optional.empty(), Optional.empty(), Optional.empty(), 1).entries().stream()
                .findFirst().map(QueryOwners.Entry::submitted);
    }

    /** A page of an owner's queries; {@code nextKey} is absent on the last page. */
    public record History(List<QueryStatus> queries, String nextKey) {
    }

    public QueryStatus status(String queryExecutionId) {
        QueryExecution execution = calls.aboutQuery(queryExecutionId, () -> athena.getQueryExecution(
                r -> r.queryExecutionId(queryExecutionId)).queryExecution());
        return toStatus(execution);
    }

    /** Follows the query until it ends or {@code timeout} passes, polling with adaptive back-off; the last status seen. */
    public QueryStatus await(String queryExecutionId, Duration timeout, String source) {
        return await(queryExecutionId, timeout, source, () -> false);
    }

    /**
     * Follows the query until it ends, {@code timeout} passes or {@code abandoned} says no one waits any more (a
     * REST caller who went away); the last status seen.
     */
    public QueryStatus await(String queryExecutionId, Duration timeout, String source, BooleanSupplier abandoned) {
        long deadline = System.nanoTime() + timeout.toNanos();
        PollingBackoff backoff = new PollingBackoff(config.polling());
        while (true) {
            QueryStatus status = status(queryExecutionId);
            if (status.finished()) {
                metrics.finished(source, status);
                QueryLog.info(LOG, queryExecutionId, source, "Query %s %s (%s bytes scanned, %s ms)", queryExecutionId,
                        status.state(), status.statistics() == null ? "?" : status.statistics().dataScannedInBytes(),
                        status.statistics() == null ? "?" : status.statistics().totalExecutionTimeMillis());
                return status;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0 || abandoned.getAsBoolean()) {
                return status;
            }
            AthenaCalls.sleep(Duration.ofNanos(Math.min(remaining, backoff.next().toNanos())));
        }
    }

    public QueryStatus cancel(String queryExecutionId) {
        QueryStatus status = status(queryExecutionId);
        if (!status.finished()) {
            calls.aboutQuery(queryExecutionId, () -> athena.stopQueryExecution(r -> r.queryExecutionId(queryExecutionId)));
            QueryLog.info(LOG, queryExecutionId, null, "Cancelled query %s", queryExecutionId);
        }
        return status(queryExecutionId);
    }

    /** A ClientRequestToken (64 hex characters) derived from what makes a request the same request. */
    public static String clientToken(String... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Athena has no per-query scan limit (only a workgroup's cutoff), so the service stops a query whose
     * running statistics pass its budget. Best effort, by the replica that started it.
     */
    private void watchBudget(String id, long budget, PollingBackoff backoff, long deadline) {
        budgetWatch.schedule(() -> {
            try {
                QueryStatus status = status(id);
                Long scanned = status.statistics() == null ? null : status.statistics().dataScannedInBytes();
                if (status.finished() || System.nanoTime() > deadline) {
                    return;
                }
                if (scanned != null && scanned > budget) {
                    QueryLog.warn(LOG, id, null, "Query %s scanned %d bytes, over its budget of %d: stopping it", id, scanned, budget);
                    calls.aboutQuery(id, () -> athena.stopQueryExecution(r -> r.queryExecutionId(id)));
                    return;
                }
                watchBudget(id, budget, backoff, deadline);
            } catch (RuntimeException e) {
                LOG.warnf("Watching the bytes-scanned budget of %s failed: %s", id, e.getMessage());
            }
        }, backoff.next().toMillis(), TimeUnit.MILLISECONDS);
    }

    static QueryStatus toStatus(QueryExecution execution) {
        var status = execution.status();
        QueryExecutionStatistics stats = execution.statistics();
        QueryStatistics statistics = stats == null ? null : new QueryStatistics(stats.dataScannedInBytes(),
                stats.engineExecutionTimeInMillis(), stats.totalExecutionTimeInMillis(), stats.queryQueueTimeInMillis());
        String errorType = status.athenaError() == null ? null : errorType(status.athenaError().errorMessage(), status.stateChangeReason());
        Optional<UnloadStatement.Unloaded> unloaded = UnloadStatement.of(execution.query());
        return new QueryStatus(
                execution.queryExecutionId(),
                status.stateAsString(),
                status.stateChangeReason(),
                errorType,
                status.athenaError() == null ? null : status.athenaError().errorCategory(),
                unloaded.map(UnloadStatement.Unloaded::sql).orElse(execution.query()),
                execution.statementTypeAsString(),
                execution.queryExecutionContext() == null ? null : execution.queryExecutionContext().catalog(),
                execution.queryExecutionContext() == null ? null : execution.queryExecutionContext().database(),
                execution.workGroup(),
                execution.resultConfiguration() == null ? null : execution.resultConfiguration().outputLocation(),
                stats == null || stats.resultReuseInformation() == null ? null : stats.resultReuseInformation().reusedPreviousResult(),
                status.submissionDateTime(),
                status.completionDateTime(),
                statistics,
                (unloaded.isPresent() ? ResultFormat.PARQUET : ResultFormat.CSV).label(),
                unloaded.map(UnloadStatement.Unloaded::location).orElse(null),
                stats == null ? null : stats.dataManifestLocation());
    }

    /** Athena words a failure {@code ERROR_NAME: message}; the name is the part a program can act on. */
    private static String errorType(String errorMessage, String reason) {
        String text = reason != null ? reason : errorMessage;
        if (text == null) {
            return null;
        }
        int colon = text.indexOf(':');
        String head = colon > 0 ? text.substring(0, colon) : "";
        return head.matches("[A-Z][A-Z0-9_]+") ? head : null;
    }
}
