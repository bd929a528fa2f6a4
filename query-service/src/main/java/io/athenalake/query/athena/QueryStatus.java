package io.athenalake.query.athena;

import io.athenalake.events.QueryStatistics;

import java.time.Instant;

/**
 * One query execution as Athena records it.
 *
 * @param state         QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED
 * @param reason        Athena's {@code StateChangeReason} (why it failed or was cancelled)
 * @param errorType     Athena's error name for a failed query (e.g. {@code COLUMN_NOT_FOUND}), when known
 * @param statementType DML, DDL or UTILITY
 * @param sql           the query as its caller wrote it (for a parquet result, without the UNLOAD around it)
 * @param resultFormat  {@code csv} (Athena's result object at outputLocation) or {@code parquet} (files at parquetLocation)
 * @param parquetLocation the folder of a parquet result's files
 * @param dataManifestLocation Athena's list of the files an UNLOAD wrote
 */
public record QueryStatus(
        String queryExecutionId,
        String state,
        String reason,
        String errorType,
        Integer errorCategory,
        String sql,
        String statementType,
        String catalog,
        String database,
        String workgroup,
        String outputLocation,
        Boolean reusedPreviousResult,
        Instant submittedAt,
        Instant completedAt,
        QueryStatistics statistics,
        String resultFormat,
        String parquetLocation,
        String dataManifestLocation) {

    public boolean finished() {
        return "SUCCEEDED".equals(state) || "FAILED".equals(state) || "CANCELLED".equals(state);
    }

    public boolean parquet() {
        return parquetLocation != null;
    }

    public boolean succeeded() {
        return "SUCCEEDED".equals(state);
    }
}
