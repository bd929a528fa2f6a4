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
 * @param outputLocation   the result object in S3 ({@code s3://bucket/<id>.csv})
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
        @JsonFormat(shape = JsonFormat.Shape.STRING) Instant completedAt) implements Message {

    public static final String TYPE = "QueryCompleted";
    public static final int SCHEMA_VERSION = 1;

    public static QueryCompleted of(String id, String correlationId, String source, String queryExecutionId,
                                    String outputLocation, QueryStatistics statistics, Instant completedAt) {
        return new QueryCompleted(TYPE, SCHEMA_VERSION, id, correlationId, source, queryExecutionId, "SUCCEEDED",
                outputLocation, statistics, completedAt);
    }
}
