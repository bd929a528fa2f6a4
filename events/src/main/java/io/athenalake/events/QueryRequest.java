package io.athenalake.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * A query to run, sent to {@code query-requests}. The answer is a {@link QueryCompleted} or a
 * {@link QueryFailed} on {@code query-results} with the same {@code correlationId}.
 *
 * @param sql                     the SQL as Athena should run it; values belong in {@code parameters}
 * @param catalog                 the data catalog ({@code AwsDataCatalog} when absent)
 * @param database                the default database of the query
 * @param workgroup               the Athena workgroup (the service's default when absent)
 * @param parameters              execution parameters, bound to the {@code ?} of the SQL in order
 * @param clientToken             idempotency key: the same key and request run once (the message id when absent)
 * @param resultReuseMaxAgeMinutes reuse an identical query's result up to this age
 * @param resultFormat            {@code csv} (absent), {@code parquet} or {@code auto}: see query-service's README
 * @param sentAt                  when the sender sent it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record QueryRequest(
        String type,
        int schemaVersion,
        String id,
        String correlationId,
        String sql,
        String catalog,
        String database,
        String workgroup,
        List<String> parameters,
        String clientToken,
        Integer resultReuseMaxAgeMinutes,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Instant sentAt,
        String resultFormat) implements Message {

    public static final String TYPE = "QueryRequest";
    public static final int SCHEMA_VERSION = 1;

    /** A request of the current schema version; the correlation id is the id unless one is given. */
    public static QueryRequest of(String id, String correlationId, String sql, String catalog, String database,
                                  String workgroup, List<String> parameters, String clientToken,
                                  Integer resultReuseMaxAgeMinutes, Instant sentAt) {
        return new QueryRequest(TYPE, SCHEMA_VERSION, id, correlationId == null ? id : correlationId, sql, catalog,
                database, workgroup, parameters, clientToken, resultReuseMaxAgeMinutes, sentAt, null);
    }

    /** The same request, its result written as {@code csv}, {@code parquet} or {@code auto}. */
    public QueryRequest withResultFormat(String format) {
        return new QueryRequest(type, schemaVersion, id, correlationId, sql, catalog, database, workgroup, parameters,
                clientToken, resultReuseMaxAgeMinutes, sentAt, format);
    }
}
