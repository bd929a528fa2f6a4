package io.athenalake.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A query did not succeed; sent to {@code query-results}.
 *
 * @param source           what ran the query, as in {@link QueryCompleted}
 * @param queryExecutionId Athena's id, absent when Athena refused to start the query
 * @param state            {@code FAILED}, {@code CANCELLED}, or {@code REJECTED} when Athena refused to start it
 * @param errorType        Athena's error name (e.g. {@code COLUMN_NOT_FOUND}) or the refusing API error's code
 * @param reason           Athena's words ({@code StateChangeReason} or the API error message)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record QueryFailed(
        String type,
        int schemaVersion,
        String id,
        String correlationId,
        String source,
        String queryExecutionId,
        String state,
        String errorType,
        String reason,
        QueryStatistics statistics,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Instant failedAt) implements Message {

    public static final String TYPE = "QueryFailed";
    public static final int SCHEMA_VERSION = 1;

    public static QueryFailed of(String id, String correlationId, String source, String queryExecutionId,
                                 String state, String errorType, String reason, QueryStatistics statistics,
                                 Instant failedAt) {
        return new QueryFailed(TYPE, SCHEMA_VERSION, id, correlationId, source, queryExecutionId, state, errorType,
                reason, statistics, failedAt);
    }
}
