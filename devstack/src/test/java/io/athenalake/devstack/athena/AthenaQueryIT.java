package io.athenalake.devstack.athena;

import io.athenalake.devstack.AwsClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Athena query execution, through {@link AthenaClient}, against the same SQL through trino-jdbc. */
class AthenaQueryIT {

    private static AthenaClient athena;
    private static S3Client s3;
    private static Connection trino;

    @BeforeAll
    static void clients() throws Exception {
        athena = AwsClients.athena();
        s3 = AwsClients.s3();
        trino = AwsClients.trino();
    }

    @AfterAll
    static void close() throws Exception {
        athena.close();
        s3.close();
        trino.close();
    }

    @ParameterizedTest(name = "TPC-H {0}")
    @ValueSource(strings = {
        // Q1: pricing summary (decimals, averages, dates)
        "SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty, sum(l_extendedprice) AS sum_base_price, "
                + "sum(l_extendedprice * (1 - l_discount)) AS sum_disc_price, avg(l_quantity) AS avg_qty, "
                + "avg(l_discount) AS avg_disc, count(*) AS count_order FROM tpch.tiny.lineitem "
                + "WHERE l_shipdate <= DATE '1998-12-01' - INTERVAL '90' DAY "
                + "GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus",
        // Q3: shipping priority (joins)
        "SELECT l_orderkey, sum(l_extendedprice * (1 - l_discount)) AS revenue, o_orderdate, o_shippriority "
                + "FROM tpch.tiny.customer, tpch.tiny.orders, tpch.tiny.lineitem WHERE c_mktsegment = 'BUILDING' "
                + "AND c_custkey = o_custkey AND l_orderkey = o_orderkey AND o_orderdate < DATE '1995-03-15' "
                + "AND l_shipdate > DATE '1995-03-15' GROUP BY l_orderkey, o_orderdate, o_shippriority "
                + "ORDER BY revenue DESC, o_orderdate, l_orderkey LIMIT 10",
        // Q5: local supplier volume (six-way join)
        "SELECT n_name, sum(l_extendedprice * (1 - l_discount)) AS revenue FROM tpch.tiny.customer, tpch.tiny.orders, "
                + "tpch.tiny.lineitem, tpch.tiny.supplier, tpch.tiny.nation, tpch.tiny.region "
                + "WHERE c_custkey = o_custkey AND l_orderkey = o_orderkey AND l_suppkey = s_suppkey "
                + "AND c_nationkey = s_nationkey AND s_nationkey = n_nationkey AND n_regionkey = r_regionkey "
                + "AND r_name = 'ASIA' AND o_orderdate >= DATE '1994-01-01' AND o_orderdate < DATE '1995-01-01' "
                + "GROUP BY n_name ORDER BY revenue DESC",
        // text with commas, quotes and the like survive the CSV round trip
        "SELECT n_nationkey, n_name, n_comment FROM tpch.tiny.nation ORDER BY n_nationkey",
        // nulls and text with quotes and commas survive the CSV round trip
        "SELECT x, x > 2 AS big, CASE WHEN x % 2 = 0 THEN NULL ELSE 'odd \"quoted\", value' END AS maybe "
                + "FROM UNNEST(sequence(1, 5)) AS t(x) ORDER BY x"
    })
    void tpchQueriesReturnTheSameRowsAsTrinoJdbc(String sql) throws Exception {
        List<List<String>> viaAthena = AthenaQueries.succeededRows(athena, sql);

        assertThat(viaAthena).isNotEmpty().isEqualTo(AthenaQueries.jdbcRows(trino, sql));
    }

    @Test
    void structuredValuesAreRenderedAsAthenaRendersThem() {
        List<List<String>> rows = AthenaQueries.succeededRows(athena, "SELECT ARRAY[x, x * 2] AS arr, "
                + "MAP(ARRAY['k'], ARRAY[x]) AS m, CAST(ROW(x, 'a') AS ROW(n integer, s varchar)) AS r, "
                + "from_hex('0aff') AS bin FROM UNNEST(sequence(1, 2)) AS t(x) ORDER BY x");

        assertThat(rows).containsExactly(
                List.of("[1, 2]", "{k=1}", "{n=1, s=a}", "0a ff"),
                List.of("[2, 4]", "{k=2}", "{n=2, s=a}", "0a ff"));
    }

    @Test
    void aTenThousandRowResultPagesInThousandsWithTheHeaderOnlyOnTheFirstPage() throws Exception {
        String sql = "SELECT o_orderkey, o_custkey, o_orderstatus, CAST(o_totalprice AS decimal(12, 2)) AS o_totalprice, "
                + "o_orderdate, o_comment "
                + "FROM tpch.tiny.orders ORDER BY o_orderkey LIMIT 10000";
        QueryExecution execution = AthenaQueries.run(athena, sql);
        assertThat(execution.status().state()).isEqualTo(QueryExecutionState.SUCCEEDED);

        List<GetQueryResultsResponse> pages = new ArrayList<>();
        athena.getQueryResultsPaginator(b -> b.queryExecutionId(execution.queryExecutionId()).maxResults(1000))
                .forEach(pages::add);

        assertThat(pages).hasSize(11);
        assertThat(pages.get(0).resultSet().rows().get(0).data()).extracting(d -> d.varCharValue())
                .containsExactly("o_orderkey", "o_custkey", "o_orderstatus", "o_totalprice", "o_orderdate", "o_comment");
        assertThat(pages.subList(0, 10)).allSatisfy(page -> assertThat(page.resultSet().rows()).hasSize(1000));
        assertThat(pages.get(10).resultSet().rows()).hasSize(1);
        assertThat(pages.get(10).nextToken()).isNull();
        List<List<String>> rows = new ArrayList<>();
        pages.forEach(page -> page.resultSet().rows().forEach(row ->
                rows.add(row.data().stream().map(d -> d.varCharValue()).toList())));
        assertThat(rows.subList(1, rows.size())).isEqualTo(AthenaQueries.jdbcRows(trino, sql));

        List<ColumnInfo> columns = pages.get(0).resultSet().resultSetMetadata().columnInfo();
        assertThat(columns).extracting(ColumnInfo::name)
                .containsExactly("o_orderkey", "o_custkey", "o_orderstatus", "o_totalprice", "o_orderdate", "o_comment");
        assertThat(columns).extracting(ColumnInfo::type)
                .containsExactly("bigint", "bigint", "varchar", "decimal", "date", "varchar");
        assertThat(columns.get(3).precision()).isEqualTo(12);
        assertThat(columns.get(3).scale()).isEqualTo(2);
    }

    @Test
    void resultsAreWrittenToTheOutputLocationAsAthenaWritesThem() {
        QueryExecution execution = AthenaQueries.run(athena,
                "SELECT n_name, n_regionkey FROM tpch.tiny.nation WHERE n_nationkey < 2 ORDER BY n_nationkey");

        String location = execution.resultConfiguration().outputLocation();
        assertThat(location).isEqualTo("s3://athena-results/" + execution.queryExecutionId() + ".csv");
        ResponseBytes<GetObjectResponse> csv = s3.getObjectAsBytes(b -> b.bucket("athena-results")
                .key(execution.queryExecutionId() + ".csv"));
        assertThat(csv.asString(StandardCharsets.UTF_8))
                .isEqualTo("\"n_name\",\"n_regionkey\"\n\"ALGERIA\",\"0\"\n\"ARGENTINA\",\"1\"\n");
        assertThat(s3.headObject(b -> b.bucket("athena-results").key(execution.queryExecutionId() + ".csv.metadata"))
                .contentLength()).isPositive();
        assertThat(execution.statistics().totalExecutionTimeInMillis()).isNotNull();
        assertThat(execution.statementType().toString()).isEqualTo("DML");
    }

    @Test
    void executionParametersAreBoundAsSqlLiterals() {
        QueryExecution execution = AthenaQueries.run(athena, b -> b
                .queryString("SELECT n_nationkey, n_name FROM tpch.tiny.nation WHERE n_regionkey = ? AND n_name <> ? "
                        + "ORDER BY n_nationkey")
                .executionParameters("1", "'BRAZIL'"));

        assertThat(execution.executionParameters()).containsExactly("1", "'BRAZIL'");
        assertThat(AthenaQueries.rows(athena, execution.queryExecutionId())).containsExactly(
                List.of("1", "ARGENTINA"), List.of("3", "CANADA"), List.of("17", "PERU"), List.of("24", "UNITED STATES"));
    }

    @Test
    void aFailingQueryReportsTrinosMessageAsAthenaDoes() throws Exception {
        QueryExecution execution = AthenaQueries.run(athena, "SELECT no_such_column FROM tpch.tiny.nation");

        assertThat(execution.status().state()).isEqualTo(QueryExecutionState.FAILED);
        String trinoMessage;
        try (var statement = trino.createStatement()) {
            statement.executeQuery("SELECT no_such_column FROM tpch.tiny.nation");
            throw new AssertionError("trino accepted the query");
        } catch (java.sql.SQLException e) {
            trinoMessage = e.getMessage().replaceFirst("^Query failed \\([^)]*\\):\\s*", "");
        }
        assertThat(execution.status().stateChangeReason()).isEqualTo("COLUMN_NOT_FOUND: " + trinoMessage);
        assertThat(execution.status().athenaError().errorCategory()).isEqualTo(2);
        assertThat(execution.status().athenaError().retryable()).isFalse();
        assertThatThrownBy(() -> athena.getQueryResults(b -> b.queryExecutionId(execution.queryExecutionId())))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("COLUMN_NOT_FOUND");
    }

    @Test
    void ddlAnswersWithoutAHeaderRow() {
        QueryExecution execution = AthenaQueries.run(athena, b -> b.queryString("SHOW TABLES")
                .queryExecutionContext(c -> c.catalog("tpch").database("tiny")));

        assertThat(execution.statementType().toString()).isEqualTo("DDL");
        assertThat(execution.resultConfiguration().outputLocation()).endsWith(".txt");
        GetQueryResultsResponse page = athena.getQueryResults(b -> b.queryExecutionId(execution.queryExecutionId()));
        assertThat(page.resultSet().rows()).extracting(row -> row.data().get(0).varCharValue()).containsExactly(
                "customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier");
    }
}
