package io.athenalake.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A query finished successfully; sent to {@code query-results}. Its {@code id} is derived from the
 * query execution, so a repeated announcement of the same execution carries the same id.
 *
 * @param source           what ran the query: {@code queue}, {@code rest}, {@code schedule:<name>} or {@code refresh:<name>}
 * @param queryExecutionId Athena's id: results, statistics and history are Athena's from here on
 * @param state            {@code SUCCEEDED}
 * @param outputLocation   the result object in S3 ({@code s3://bucket/<id>.csv}); for a parquet result Athena's
 *                         location of the UNLOAD, which holds no rows
 * @param resultFormat     {@code parquet} for a parquet result (absent: csv)
 * @param parquetLocation  a parquet result's folder of files
 * @param dataManifestLocation Athena's list of a parquet result's files, one {@code s3://} URI per line
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record QueryCompleted(
        String type,
        int schemaVersion,
        String id,
        String correlationId,
        String source,
        String queryExecutionId,
        String state,
        String outputLocation,
        QueryStatistics statistics,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Instant completedAt,
        String resultFormat,
        String parquetLocation,
        String dataManifestLocation) implements Message {

    public static final String TYPE = "QueryCompleted";
    public static final int SCHEMA_VERSION = 1;

    public static QueryCompleted of(String id, String correlationId, String source, String queryExecutionId,
                                    String outputLocation, QueryStatistics statistics, Instant completedAt) {
        return new QueryCompleted(TYPE, SCHEMA_VERSION, id, correlationId, source, queryExecutionId, "SUCCEEDED",
                outputLocation, statistics, completedAt, null, null, null);
    }

    /** The announcement of a parquet result: where its files and their manifest are. */
    public QueryCompleted withParquet(String parquetLocation, String dataManifestLocation) {
        return new QueryCompleted(type, schemaVersion, id, correlationId, source, queryExecutionId, state, outputLocation,
                statistics, completedAt, "parquet", parquetLocation, dataManifestLocation);
    }
}
