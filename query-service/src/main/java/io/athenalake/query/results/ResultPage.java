package io.athenalake.query.results;

import java.util.List;

/**
 * One page of a query's result: typed values in column order, and the token of the next page
 * ({@code null} on the last).
 */
public record ResultPage(String queryExecutionId, List<Column> columns, List<List<Object>> rows, String nextToken) {
}
