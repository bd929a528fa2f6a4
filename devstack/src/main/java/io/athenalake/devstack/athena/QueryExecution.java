package io.athenalake.devstack.athena;

import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/** One query execution as the Athena emulation tracks it; mutable state guarded by {@code this}. */
final class QueryExecution {

    enum State { QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED }

    final String id;
    final String query;
    final String statementType;
    /** An UNLOAD writes files under its TO location, and a manifest instead of a result object. */
    final boolean unload;
    final String workGroup;
    final String catalog;
    final String database;
    /** The result object's location without its extension (a reused result points at an earlier query's). */
    final String outputLocation;
    final List<String> executionParameters;
    final Long bytesScannedCutoff;
    final String fingerprint;
    final Instant submitted;

    private State state = State.QUEUED;
    private String stateChangeReason;
    private AthenaErrorInfo error;
    private Instant started;
    private Instant completed;
    private long dataScannedBytes;
    private long engineMillis;
    private String reusedFrom;
    private List<ColumnInfo> columns = List.of();
    private String dataManifestLocation;
    private Statement running;
    private boolean cancelRequested;

    QueryExecution(String id, String query, String workGroup, String catalog, String database, String outputLocation,
                   List<String> executionParameters, Long bytesScannedCutoff, String fingerprint) {
        this.id = id;
        this.query = query;
        this.statementType = StatementTypes.of(query);
        this.unload = StatementTypes.isUnload(query);
        this.workGroup = workGroup;
        this.catalog = catalog;
        this.database = database;
        this.outputLocation = outputLocation;
        this.executionParameters = List.copyOf(executionParameters);
        this.bytesScannedCutoff = bytesScannedCutoff;
        this.fingerprint = fingerprint;
        this.submitted = Instant.now();
    }

    record AthenaErrorInfo(int category, int type, boolean retryable, String message) {
    }

    record ColumnInfo(String name, String type, int precision, int scale, boolean caseSensitive) {
    }

    synchronized State state() {
        return state;
    }

    synchronized boolean isDone() {
        return state == State.SUCCEEDED || state == State.FAILED || state == State.CANCELLED;
    }

    /** Moves to RUNNING unless the query was cancelled while queued; returns whether it should run. */
    synchronized boolean start() {
        if (state != State.QUEUED) {
            return false;
        }
        state = State.RUNNING;
        started = Instant.now();
        return true;
    }

    synchronized void attach(Statement statement) {
        this.running = statement;
    }

    synchronized boolean cancelRequested() {
        return cancelRequested;
    }

    /** Requests cancellation; returns the running statement to cancel in Trino, if any. */
    synchronized Statement requestCancel() {
        if (isDone()) {
            return null;
        }
        cancelRequested = true;
        if (state == State.QUEUED) {
            finish(State.CANCELLED, "Query was cancelled by the user", null);
        }
        return running;
    }

    synchronized void succeed(List<ColumnInfo> columns, long dataScannedBytes, long engineMillis) {
        this.columns = List.copyOf(columns);
        this.dataScannedBytes = dataScannedBytes;
        this.engineMillis = engineMillis;
        finish(State.SUCCEEDED, null, null);
    }

    synchronized void reuse(QueryExecution previous) {
        this.columns = previous.columns();
        this.reusedFrom = previous.id;
        this.started = Instant.now();
        finish(State.SUCCEEDED, null, null);
    }

    /** What the engine has read so far, reported while the query runs as Athena reports it (it only grows). */
    synchronized void scanning(long dataScannedBytes) {
        if (state == State.RUNNING) {
            this.dataScannedBytes = Math.max(this.dataScannedBytes, dataScannedBytes);
        }
    }

    synchronized void fail(State state, String reason, AthenaErrorInfo error, long dataScannedBytes) {
        this.dataScannedBytes = Math.max(this.dataScannedBytes, dataScannedBytes);
        finish(state, reason, error);
    }

    private void finish(State state, String reason, AthenaErrorInfo error) {
        this.state = state;
        this.stateChangeReason = reason;
        this.error = error;
        this.completed = Instant.now();
        this.running = null;
    }

    /** The data manifest Athena writes for an UNLOAD (also CTAS and INSERT in Athena): the files the query wrote. */
    synchronized void wroteManifest(String location) {
        this.dataManifestLocation = location;
    }

    synchronized String dataManifestLocation() {
        return dataManifestLocation;
    }

    synchronized String stateChangeReason() {
        return stateChangeReason;
    }

    synchronized AthenaErrorInfo error() {
        return error;
    }

    synchronized Instant started() {
        return started;
    }

    synchronized Instant completed() {
        return completed;
    }

    synchronized long dataScannedBytes() {
        return dataScannedBytes;
    }

    synchronized long engineMillis() {
        return engineMillis;
    }

    synchronized String reusedFrom() {
        return reusedFrom;
    }

    synchronized List<ColumnInfo> columns() {
        return columns;
    }

    /**
     * The result object Athena writes: {@code <output>/<id>.csv}, or {@code .txt} for DDL. An UNLOAD writes no result
     * object, only {@code <id>.metadata} and {@code <id>-manifest.csv} ({@link ResultFiles#writeManifest}): its location
     * is {@code <output>/<id>}, which the metadata's name extends as {@code <id>.csv.metadata} extends a SELECT's.
     */
    String resultLocation() {
        if (unload) {
            return outputLocation;
        }
        return outputLocation + ("DDL".equals(statementType) ? ".txt" : ".csv");
    }

    boolean isUnload() {
        return unload;
    }

    boolean isDdl() {
        return "DDL".equals(statementType);
    }

    boolean hasHeaderRow() {
        return "DML".equals(statementType) && StatementTypes.isSelect(query);
    }
}
