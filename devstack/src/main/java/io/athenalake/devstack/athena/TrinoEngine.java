package io.athenalake.devstack.athena;

import io.trino.jdbc.QueryStats;
import io.trino.jdbc.TrinoResultSet;
import io.trino.jdbc.TrinoStatement;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs Athena query executions on Trino: the execution's catalog and database become the
 * session's catalog and schema, execution parameters are bound with PREPARE/EXECUTE USING
 * (Athena's parameters are SQL literals too), and the workgroup's bytes-scanned cutoff becomes
 * Trino's {@code query_max_scan_physical_bytes}. Athena's UNLOAD, which Trino lacks, runs as a CTAS ({@link Unloader}).
 */
final class TrinoEngine implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TrinoEngine.class.getName());
    private static final Pattern QUERY_FAILED = Pattern.compile("^Query failed \\(#([^)]+)\\):\\s*(.*)$", Pattern.DOTALL);
    private static final int USER_ERROR_LIMIT = 0x0001_0000;
    private static final int INSUFFICIENT_RESOURCES_LIMIT = 0x0002_0000;

    private final String jdbcUrl;
    private final ResultFiles results;
    private final Unloader unloader;
    private final ExecutorService workers;
    private final Map<String, Duration> runningTimes = new ConcurrentHashMap<>();

    TrinoEngine(String jdbcUrl, ResultFiles results, Unloader unloader, int concurrency) {
        this.jdbcUrl = jdbcUrl;
        this.results = results;
        this.unloader = unloader;
        this.workers = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "athena-query");
            thread.setDaemon(true);
            return thread;
        });
    }

    void submit(QueryExecution execution) {
        workers.execute(() -> run(execution));
    }

    /**
     * Queries whose text contains {@code marker} stay RUNNING at least {@code duration} before Trino runs them,
     * as a query over a large table does in Athena; a zero duration forgets the marker. Returns the markers in force.
     */
    Map<String, Duration> runFor(String marker, Duration duration) {
        if (duration.isZero()) {
            runningTimes.remove(marker);
        } else {
            runningTimes.put(marker, duration);
        }
        return Map.copyOf(runningTimes);
    }

    /** Holds a RUNNING execution as long as its markers ask; false when it was cancelled meanwhile. */
    private static boolean heldFor(QueryExecution execution, Duration hold) throws InterruptedException {
        long until = System.nanoTime() + hold.toNanos();
        while (System.nanoTime() < until) {
            if (execution.cancelRequested()) {
                execution.fail(QueryExecution.State.CANCELLED, "Query was cancelled by the user", null, 0);
                return false;
            }
            Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
        }
        return true;
    }

    /** Cancels the execution in Trino if it is running; a queued one never starts. */
    void cancel(QueryExecution execution) {
        Statement statement = execution.requestCancel();
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException e) {
                LOG.log(Level.WARNING, "cancelling " + execution.id + " in Trino failed", e);
            }
        }
    }

    private void run(QueryExecution execution) {
        if (!execution.start()) {
            return;
        }
        Duration hold = runningTimes.entrySet().stream().filter(e -> execution.query.contains(e.getKey()))
                .map(Map.Entry::getValue).max(Duration::compareTo).orElse(Duration.ZERO);
        try {
            if (!heldFor(execution, hold)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long startNanos = System.nanoTime();
        AtomicReference<String> trinoQueryId = new AtomicReference<>();
        try {
            UnloadStatement unload = null;
            if (execution.isUnload()) {
                unload = UnloadStatement.parse(execution.query);
                unloader.requireEmptyTarget(execution, unload);
            }
            execute(execution, unload, trinoQueryId, startNanos);
        } catch (UnloadStatement.InvalidUnload e) {
            execution.fail(QueryExecution.State.FAILED, e.errorName + ": " + e.getMessage(),
                    new QueryExecution.AthenaErrorInfo(2, 1000, false, e.getMessage()), 0);
        } catch (SQLException e) {
            failed(execution, e, trinoQueryId.get());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "query " + execution.id + " failed in the devstack", e);
            execution.fail(QueryExecution.State.FAILED, "INTERNAL_ERROR: " + e.getMessage(),
                    new QueryExecution.AthenaErrorInfo(1, 401, true, "Failed to write query results: " + e.getMessage()), 0);
        }
    }

    /** Runs the execution in Trino and records its outcome. */
    private void execute(QueryExecution execution, UnloadStatement unload, AtomicReference<String> trinoQueryId,
                         long startNanos) throws SQLException, IOException {
        long scanned = 0;
        try (Connection connection = DriverManager.getConnection(jdbcUrl, connectionProperties(execution, unload));
             Statement statement = connection.createStatement()) {
            if (execution.catalog != null) {
                connection.setCatalog(trinoCatalog(execution.catalog));
            }
            if (execution.database != null) {
                connection.setSchema(execution.database.toLowerCase(Locale.ROOT));
            }
            TrinoStatement trino = statement.unwrap(TrinoStatement.class);
            trino.setProgressMonitor(stats -> {
                trinoQueryId.set(stats.getQueryId());
                execution.scanning(scannedBytes(stats));
            });
            execution.attach(statement);
            if (execution.cancelRequested()) {
                execution.fail(QueryExecution.State.CANCELLED, "Query was cancelled by the user", null, 0);
                return;
            }
            String sql = stripTrailingSemicolon(execution.query);
            if (unload != null) {
                statement.execute(Unloader.createSchema());
                sql = Unloader.createTableAs(execution, unload);
            }
            if (!execution.executionParameters.isEmpty()) {
                statement.execute("PREPARE athena_statement FROM " + sql);
                sql = "EXECUTE athena_statement USING " + String.join(", ", execution.executionParameters);
            }
            List<QueryExecution.ColumnInfo> columns;
            if (unload != null) {
                unload(execution, statement, sql, unload);
                columns = List.of();
                scanned = execution.dataScannedBytes();
            } else if (statement.execute(sql)) {
                try (ResultSet resultSet = statement.getResultSet()) {
                    columns = results.write(execution, resultSet);
                    scanned = scannedBytes(resultSet.unwrap(TrinoResultSet.class).getStats());
                }
            } else {
                results.writeEmpty(execution);
                columns = List.of();
            }
            if (execution.bytesScannedCutoff != null && scanned > execution.bytesScannedCutoff) {
                // Trino enforces the limit on a timer, so a short query can finish past it; Athena would have cancelled it.
                exceededScanLimit(execution, scanned);
                return;
            }
            execution.succeed(columns, scanned, (System.nanoTime() - startNanos) / 1_000_000);
        }
    }

    /**
     * An UNLOAD: Trino's CTAS ({@code sql}) writes the files, its scratch table is dropped (the files stay), and the
     * manifest lists what is under the TO location, which was empty before. Athena's data scanned is what the progress
     * callbacks saw, an update having no result set to read final statistics from.
     */
    private void unload(QueryExecution execution, Statement statement, String sql, UnloadStatement unload)
            throws SQLException {
        if (statement.execute(sql)) {
            statement.getResultSet().close();
        }
        try {
            statement.execute(Unloader.dropTable(execution));
        } catch (SQLException e) {
            // The scratch table lives in the devstack's own catalog, never in Glue: left behind, nobody sees it
            LOG.log(Level.WARNING, "dropping the UNLOAD scratch table of " + execution.id + " failed", e);
        }
        List<String> files = unloader.writtenFiles(unload);
        execution.wroteManifest(results.writeManifest(execution, files));
        Unloader.requireAtMostMaxPartitions(unload, files);
    }

    private void failed(QueryExecution execution, SQLException e, String knownQueryId) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        String queryId = knownQueryId;
        Matcher matcher = QUERY_FAILED.matcher(message);
        if (matcher.matches()) {
            queryId = matcher.group(1);
            message = matcher.group(2);
        }
        if (execution.cancelRequested()) {
            execution.fail(QueryExecution.State.CANCELLED, "Query was cancelled by the user", null, 0);
            return;
        }
        String errorName = Optional.ofNullable(queryId).flatMap(this::errorName).orElse("GENERIC_USER_ERROR");
        if ("EXCEEDED_SCAN_LIMIT".equals(errorName)) {
            exceededScanLimit(execution, execution.bytesScannedCutoff);
            return;
        }
        int code = e.getErrorCode();
        QueryExecution.AthenaErrorInfo error;
        if (code < USER_ERROR_LIMIT) {
            error = new QueryExecution.AthenaErrorInfo(2, 1000, false, message);
        } else if (code < INSUFFICIENT_RESOURCES_LIMIT) {
            error = new QueryExecution.AthenaErrorInfo(1, 200, true, message);
        } else if (code < 0x0100_0000) {
            error = new QueryExecution.AthenaErrorInfo(1, 0, true, message);
        } else {
            error = new QueryExecution.AthenaErrorInfo(1, 203, true, message);
        }
        execution.fail(QueryExecution.State.FAILED, errorName + ": " + message, error, 0);
    }

    private static void exceededScanLimit(QueryExecution execution, long scanned) {
        execution.fail(QueryExecution.State.CANCELLED, "Query cancelled! : Bytes scanned limit was exceeded. "
                + "The workgroup's per-query limit is " + execution.bytesScannedCutoff + " bytes.", null, scanned);
    }

    /** Trino's error name (e.g. {@code COLUMN_NOT_FOUND}) for a failed query, as Athena prefixes reasons with it. */
    private Optional<String> errorName(String queryId) {
        Properties properties = new Properties();
        properties.setProperty("user", "athena-devstack");
        try (Connection connection = DriverManager.getConnection(jdbcUrl, properties);
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT error_code FROM system.runtime.queries WHERE query_id = ?")) {
            statement.setString(1, queryId);
            try (ResultSet resultSet = statement.executeQuery()) {
                return resultSet.next() ? Optional.ofNullable(resultSet.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            LOG.log(Level.FINE, "could not look up the error of " + queryId, e);
            return Optional.empty();
        }
    }

    private static Properties connectionProperties(QueryExecution execution, UnloadStatement unload) {
        Properties properties = new Properties();
        properties.setProperty("user", "athena");
        properties.setProperty("source", "athena-devstack");
        properties.setProperty("clientTags", "athena," + execution.id);
        // Connector Lambdas see the Athena query execution id as their queryId (the athena_lambda connector reads it here).
        properties.setProperty("traceToken", execution.id);
        Map<String, String> session = new LinkedHashMap<>();
        if (execution.bytesScannedCutoff != null) {
            session.put("query_max_scan_physical_bytes", execution.bytesScannedCutoff + "B");
        }
        if (unload != null) {
            session.putAll(Unloader.sessionProperties(unload));
        }
        if (!session.isEmpty()) {
            properties.setProperty("sessionProperties", session.entrySet().stream()
                    .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(";")));
        }
        return properties;
    }

    /** Athena's data scanned: bytes read from storage, or, for generated data (tpch), bytes processed. */
    private static long scannedBytes(QueryStats stats) {
        return stats.getPhysicalInputBytes() > 0 ? stats.getPhysicalInputBytes() : stats.getProcessedBytes();
    }

    static String trinoCatalog(String athenaCatalog) {
        return athenaCatalog.toLowerCase(Locale.ROOT);
    }

    private static String stripTrailingSemicolon(String sql) {
        String trimmed = sql.strip();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
        }
        return trimmed;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
