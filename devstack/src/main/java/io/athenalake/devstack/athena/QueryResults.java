package io.athenalake.devstack.athena;

import com.fasterxml.jackson.databind.JsonNode;
import io.athenalake.devstack.athena.AthenaShapes.ColumnInfo;
import io.athenalake.devstack.athena.AthenaShapes.Datum;
import io.athenalake.devstack.athena.AthenaShapes.GetQueryResultsResponse;
import io.athenalake.devstack.athena.AthenaShapes.ResultSet;
import io.athenalake.devstack.athena.AthenaShapes.ResultSetMetadata;
import io.athenalake.devstack.athena.AthenaShapes.Row;
import io.athenalake.devstack.aws.AwsJson;

import java.util.List;

import static io.athenalake.devstack.athena.AthenaRequests.INVALID;
import static io.athenalake.devstack.athena.AthenaRequests.invalid;

/**
 * GetQueryResults: a succeeded query's result read page by page from its result object in S3 ({@link ResultFiles}, never
 * held in memory), at most 1,000 rows a page, with Athena's type names in {@code ResultSetMetadata}.
 */
final class QueryResults {

    private final QueryExecutions executions;
    private final ResultFiles results;

    QueryResults(QueryExecutions executions, ResultFiles results) {
        this.executions = executions;
        this.results = results;
    }

    GetQueryResultsResponse get(JsonNode request) {
        QueryExecution execution = executions.execution(request);
        int maxResults = AwsJson.optionalInt(request, "MaxResults", INVALID).orElse(1000);
        if (maxResults < 1 || maxResults > 1000) {
            throw invalid("1 validation error detected: Value '" + maxResults
                    + "' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000");
        }
        switch (execution.state()) {
            case SUCCEEDED -> {
            }
            case FAILED, CANCELLED -> throw invalid("Query did not succeed (" + execution.state() + "): "
                    + execution.stateChangeReason());
            default -> throw invalid("Query has not yet finished. Current state: " + execution.state());
        }
        long offset = AwsJson.optionalText(request, "NextToken", INVALID)
                .map(t -> AthenaRequests.decodeToken(t, execution.id)).orElse(0L);
        // An UNLOAD's rows are its files; Athena answers its results with an empty result set
        ResultFiles.Page page = execution.isUnload() ? new ResultFiles.Page(List.of(), offset, false)
                : results.read(execution, offset, maxResults);
        List<Row> rows = page.rows().stream()
                .map(values -> new Row(values.stream().map(Datum::new).toList()))
                .toList();
        List<ColumnInfo> columns = execution.columns().stream()
                .map(c -> new ColumnInfo("hive", "", "", c.name(), c.name(), c.type(), c.precision(), c.scale(),
                        "UNKNOWN", c.caseSensitive()))
                .toList();
        String nextToken = page.hasMore() ? AthenaRequests.encodeToken(execution.id, page.nextOffset()) : null;
        Long updateCount = "DML".equals(execution.statementType) && !execution.hasHeaderRow() ? 0L : null;
        return new GetQueryResultsResponse(updateCount, new ResultSet(rows, new ResultSetMetadata(columns)), nextToken);
    }
}
