package io.athenalake.devstack.athena;

import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;

/** The start / poll / fetch loop every Athena user writes, for tests. */
final class AthenaQueries {

    private AthenaQueries() {
    }

    static QueryExecution run(AthenaClient athena, Consumer<StartQueryExecutionRequest.Builder> request) {
        String id = athena.startQueryExecution(request).queryExecutionId();
        return awaitDone(athena, id);
    }

    static QueryExecution run(AthenaClient athena, String sql) {
        return run(athena, b -> b.queryString(sql));
    }

    static QueryExecution awaitDone(AthenaClient athena, String id) {
        return await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> athena.getQueryExecution(b -> b.queryExecutionId(id)).queryExecution(),
                        e -> e.status().state() != QueryExecutionState.QUEUED
                                && e.status().state() != QueryExecutionState.RUNNING);
    }

    /** Every row of a SELECT's result, header row dropped, nulls as Java nulls. */
    static List<List<String>> rows(AthenaClient athena, String id) {
        List<List<String>> rows = new ArrayList<>();
        boolean first = true;
        for (GetQueryResultsResponse page : athena.getQueryResultsPaginator(b -> b.queryExecutionId(id))) {
            List<Row> pageRows = page.resultSet().rows();
            for (int i = first ? 1 : 0; i < pageRows.size(); i++) {
                rows.add(pageRows.get(i).data().stream().map(d -> d.varCharValue()).toList());
            }
            first = false;
        }
        return rows;
    }

    static List<List<String>> succeededRows(AthenaClient athena, String sql) {
        QueryExecution execution = run(athena, sql);
        if (execution.status().state() != QueryExecutionState.SUCCEEDED) {
            throw new AssertionError("query " + execution.queryExecutionId() + " " + execution.status().state() + ": "
                    + execution.status().stateChangeReason());
        }
        return rows(athena, execution.queryExecutionId());
    }

    /** The same SQL straight through trino-jdbc, values rendered as strings. */
    static List<List<String>> jdbcRows(Connection connection, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
            int columns = resultSet.getMetaData().getColumnCount();
            while (resultSet.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(resultSet.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
