package io.athenalake.query.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A query to run, as a REST caller sends it. */
@Schema(name = "SubmitQuery", description = "A query to run on Athena")
public record SubmitQuery(
        @Schema(description = "SQL as Athena runs it; put values in parameters (bound to ? in order)", required = true,
                example = "SELECT n_name FROM nation WHERE n_regionkey = ?")
        String sql,
        @Schema(description = "Data catalog; the service's default (AwsDataCatalog) when absent", example = "tpch")
        String catalog,
        @Schema(description = "Default database of the query", example = "tiny")
        String database,
        @Schema(description = "Athena workgroup; the service's default when absent", example = "primary")
        String workgroup,
        @Schema(description = "Execution parameters: SQL literals bound to the ? of the SQL in order", example = "[\"1\"]")
        List<String> parameters,
        @Schema(description = "Reuse an identical query's result up to this age (1–10080 minutes)")
        Integer resultReuseMaxAgeMinutes,
        @Schema(description = "Stop the query when it has scanned more than this many bytes")
        Long bytesScannedBudget,
        @Schema(description = "The same key and request start one execution (becomes Athena's ClientRequestToken)")
        String idempotencyKey,
        @Schema(description = "Wait up to this many seconds for the query to end and answer with its first page (0: answer at once)")
        Integer waitSeconds,
        @Schema(description = "Rows on the first page when the query ends within the wait (1–1000, default 100)")
        Integer pageSize,
        @Schema(description = "csv (default): Athena's one CSV object, rows in the query's order. parquet: the query "
                + "is wrapped in UNLOAD and Athena writes parquet files in parallel (faster for large results; no order "
                + "between files, so a query with ORDER BY is refused). auto: parquet where possible (a query without "
                + "ORDER BY), else csv. The status reports the format chosen; every download (CSV, JSON lines, Arrow) "
                + "and page reads either.", enumeration = {"csv", "parquet", "auto"})
        String resultFormat,
        @Schema(description = "With waitSeconds: cancel the query if the caller disconnects before it ends (default "
                + "false: the query runs on, and GET /queries lists it)")
        Boolean cancelOnDisconnect) {
}
