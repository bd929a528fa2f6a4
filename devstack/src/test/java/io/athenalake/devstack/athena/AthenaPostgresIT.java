package io.athenalake.devstack.athena;

import io.athenalake.devstack.AwsClients;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A query over the "RDS" PostgreSQL database through the {@code postgresql} catalog returns exactly its rows. */
class AthenaPostgresIT {

    @Test
    void aPostgresTableIsReturnedExactlyWithEveryType() throws Exception {
        String table = "accounts_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection postgres = AwsClients.postgres(); Statement statement = postgres.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (id integer PRIMARY KEY, balance numeric(12,2), "
                    + "name text, opened_at timestamp, birthday date, active boolean, score double precision, big bigint)");
            statement.execute("INSERT INTO " + table + " VALUES "
                    + "(1, 1234.50, 'Ada, \"the\" first', TIMESTAMP '2024-01-02 03:04:05.123456', DATE '1990-12-31', true, 1.5, 9007199254740993), "
                    + "(2, -0.01, 'Grace', TIMESTAMP '2023-06-30 23:59:59', DATE '2000-02-29', false, -2.25, -1), "
                    + "(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
        }

        try (AthenaClient athena = AwsClients.athena()) {
            QueryExecution execution = AthenaQueries.run(athena, b -> b
                    .queryString("SELECT * FROM " + table + " ORDER BY id")
                    .queryExecutionContext(c -> c.catalog("postgresql").database("public")));

            assertThat(execution.status().state()).as(execution.status().stateChangeReason())
                    .isEqualTo(QueryExecutionState.SUCCEEDED);
            assertThat(AthenaQueries.rows(athena, execution.queryExecutionId())).containsExactly(
                    List.of("1", "1234.50", "Ada, \"the\" first", "2024-01-02 03:04:05.123456", "1990-12-31", "true", "1.5",
                            "9007199254740993"),
                    List.of("2", "-0.01", "Grace", "2023-06-30 23:59:59.000000", "2000-02-29", "false", "-2.25", "-1"),
                    Arrays.asList("3", null, null, null, null, null, null, null));
            assertThat(athena.getQueryResults(b -> b.queryExecutionId(execution.queryExecutionId()))
                    .resultSet().resultSetMetadata().columnInfo())
                    .extracting(c -> c.name() + ":" + c.type())
                    .containsExactly("id:integer", "balance:decimal", "name:varchar", "opened_at:timestamp",
                            "birthday:date", "active:boolean", "score:double", "big:bigint");
        }
    }
}
