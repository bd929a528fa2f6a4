package io.athenalake.devstack.athena;

import io.athenalake.devstack.AwsClients;
import io.athenalake.devstack.DevStackAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.AthenaException;
import software.amazon.awssdk.services.athena.model.BatchGetQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.DataCatalogType;
import software.amazon.awssdk.services.athena.model.EncryptionOption;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.WorkGroup;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Idempotency, cancellation, workgroups, result reuse, listing and catalogs through {@link AthenaClient}. */
class AthenaLifecycleIT {

    private static AthenaClient athena;

    @BeforeAll
    static void clients() {
        athena = AwsClients.athena();
    }

    @AfterAll
    static void close() {
        athena.close();
    }

    @Test
    void aRepeatedClientRequestTokenStartsNothingNew() {
        String token = UUID.randomUUID().toString();
        String sql = "SELECT count(*) FROM tpch.tiny.region";

        String first = athena.startQueryExecution(b -> b.queryString(sql).clientRequestToken(token)).queryExecutionId();
        String second = athena.startQueryExecution(b -> b.queryString(sql).clientRequestToken(token)).queryExecutionId();
        String other = athena.startQueryExecution(b -> b.queryString(sql)).queryExecutionId();

        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(AthenaQueries.awaitDone(athena, first).status().state()).isEqualTo(QueryExecutionState.SUCCEEDED);
        assertThatThrownBy(() -> athena.startQueryExecution(b -> b.queryString("SELECT 2").clientRequestToken(token)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Idempotent parameters do not match");
        assertThatThrownBy(() -> athena.startQueryExecution(b -> b.queryString(sql).clientRequestToken("short")))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void stoppingALongQueryCancelsItInTrino() throws Exception {
        String marker = UUID.randomUUID().toString();
        String sql = "SELECT count(*) /* " + marker + " */ FROM tpch.sf1000.lineitem a CROSS JOIN tpch.sf1000.lineitem b";
        String id = athena.startQueryExecution(b -> b.queryString(sql)).queryExecutionId();
        try (Connection trino = AwsClients.trino()) {
            await().atMost(Duration.ofMinutes(1)).until(() -> "RUNNING".equals(trinoState(trino, marker)));

            athena.stopQueryExecution(b -> b.queryExecutionId(id));

            QueryExecution execution = AthenaQueries.awaitDone(athena, id);
            assertThat(execution.status().state()).isEqualTo(QueryExecutionState.CANCELLED);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(trinoState(trino, marker)).isEqualTo("FAILED USER_CANCELED"));
        }
    }

    @Test
    void aQueryAskedToRunLongStaysRunningThatLongAndStopsAtOnce() throws Exception {
        String marker = "long-" + UUID.randomUUID();
        DevStackAdmin admin = DevStackAdmin.on(AwsClients.stack());
        admin.athenaRunningTime(marker, Duration.ofSeconds(6));
        try {
            String sql = "SELECT count(*) /* " + marker + " */ FROM tpch.tiny.nation";
            String ran = athena.startQueryExecution(b -> b.queryString(sql)).queryExecutionId();
            String stopped = athena.startQueryExecution(b -> b.queryString(sql + " WHERE n_nationkey > 0")).queryExecutionId();
            await().atMost(Duration.ofSeconds(30)).until(() -> state(stopped) == QueryExecutionState.RUNNING);
            athena.stopQueryExecution(b -> b.queryExecutionId(stopped));

            QueryExecution cancelled = AthenaQueries.awaitDone(athena, stopped);
            assertThat(cancelled.status().state()).isEqualTo(QueryExecutionState.CANCELLED);
            assertThat(cancelled.statistics().totalExecutionTimeInMillis()).isLessThan(6000);
            assertThat(state(ran)).isEqualTo(QueryExecutionState.RUNNING);
            QueryExecution done = AthenaQueries.awaitDone(athena, ran);
            assertThat(done.status().state()).isEqualTo(QueryExecutionState.SUCCEEDED);
            assertThat(done.statistics().totalExecutionTimeInMillis()).isGreaterThanOrEqualTo(6000);
        } finally {
            admin.athenaRunningTime(marker, Duration.ZERO);
        }
        String after = athena.startQueryExecution(b -> b.queryString("SELECT 1 /* " + marker + " */")).queryExecutionId();
        assertThat(AthenaQueries.awaitDone(athena, after).statistics().totalExecutionTimeInMillis()).isLessThan(6000);
        assertThatThrownBy(() -> admin.athenaRunningTime("", Duration.ofSeconds(1)))
                .hasMessageContaining("QueryStringContains must be a non-empty string");
        assertThatThrownBy(() -> admin.athenaRunningTime(marker, Duration.ofHours(5)))
                .hasMessageContaining("Seconds must be a whole number from 0 to 14400");
    }

    private static QueryExecutionState state(String id) {
        return athena.getQueryExecution(b -> b.queryExecutionId(id)).queryExecution().status().state();
    }

    private static String trinoState(Connection trino, String marker) throws Exception {
        try (Statement statement = trino.createStatement();
             ResultSet rows = statement.executeQuery("SELECT state, error_code FROM system.runtime.queries "
                     + "WHERE source = 'athena-devstack' AND strpos(query, '" + marker + "') > 0")) {
            if (!rows.next()) {
                return "absent";
            }
            return rows.getString(2) == null ? rows.getString(1) : rows.getString(1) + " " + rows.getString(2);
        }
    }

    @Test
    void aWorkGroupsEnforcedConfigurationDecidesTheOutputLocation() {
        String name = "wg-" + UUID.randomUUID();
        athena.createWorkGroup(b -> b.name(name).description("test").configuration(c -> c
                .enforceWorkGroupConfiguration(true)
                .bytesScannedCutoffPerQuery(10_000_000L)
                .resultConfiguration(r -> r.outputLocation("s3://athena-results/" + name + "/")
                        .encryptionConfiguration(e -> e.encryptionOption(EncryptionOption.SSE_S3)))));

        WorkGroup workGroup = athena.getWorkGroup(b -> b.workGroup(name)).workGroup();
        assertThat(workGroup.configuration().enforceWorkGroupConfiguration()).isTrue();
        assertThat(workGroup.configuration().bytesScannedCutoffPerQuery()).isEqualTo(10_000_000L);
        assertThat(workGroup.configuration().resultConfiguration().encryptionConfiguration().encryptionOption())
                .isEqualTo(EncryptionOption.SSE_S3);

        QueryExecution execution = AthenaQueries.run(athena, b -> b.queryString("SELECT 1").workGroup(name)
                .resultConfiguration(r -> r.outputLocation("s3://athena-results/elsewhere/")));
        assertThat(execution.resultConfiguration().outputLocation())
                .isEqualTo("s3://athena-results/" + name + "/" + execution.queryExecutionId() + ".csv");
        assertThat(athena.listQueryExecutions(b -> b.workGroup(name)).queryExecutionIds())
                .containsExactly(execution.queryExecutionId());

        assertThatThrownBy(() -> athena.createWorkGroup(b -> b.name(name)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("already created");
        assertThatThrownBy(() -> athena.createWorkGroup(b -> b.name(name + "-small")
                .configuration(c -> c.bytesScannedCutoffPerQuery(1000L))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("bytesScannedCutoffPerQuery");
        assertThatThrownBy(() -> athena.startQueryExecution(b -> b.queryString("SELECT 1").workGroup("no-such-wg")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no-such-wg");
    }

    @Test
    void theBytesScannedCutoffCancelsAQueryThatReadsMore() {
        String name = "wg-cutoff-" + UUID.randomUUID();
        athena.createWorkGroup(b -> b.name(name).configuration(c -> c.bytesScannedCutoffPerQuery(10_000_000L)
                .resultConfiguration(r -> r.outputLocation("s3://athena-results/" + name + "/"))));
        String table = "cutoff_" + UUID.randomUUID().toString().replace("-", "");
        QueryExecution created = AthenaQueries.run(athena, b -> b.queryString("CREATE TABLE " + table
                + " WITH (external_location = 's3://lake/tests/" + table + "/', format = 'TEXTFILE') AS "
                + "SELECT l_comment, l_orderkey, l_partkey, l_shipinstruct FROM tpch.sf1.lineitem WHERE l_orderkey < 1500000")
                .queryExecutionContext(c -> c.catalog("AwsDataCatalog").database("default")));
        assertThat(created.status().state()).as(created.status().stateChangeReason()).isEqualTo(QueryExecutionState.SUCCEEDED);

        QueryExecution limited = AthenaQueries.run(athena, b -> b.queryString("SELECT count(DISTINCT l_comment), count(DISTINCT l_shipinstruct) FROM " + table)
                .workGroup(name).queryExecutionContext(c -> c.database("default")));
        QueryExecution unlimited = AthenaQueries.run(athena, b -> b.queryString("SELECT count(DISTINCT l_comment), count(DISTINCT l_shipinstruct) FROM " + table)
                .queryExecutionContext(c -> c.database("default")));

        assertThat(unlimited.status().state()).isEqualTo(QueryExecutionState.SUCCEEDED);
        assertThat(unlimited.statistics().dataScannedInBytes()).isGreaterThan(10_000_000L);
        assertThat(limited.status().state()).isEqualTo(QueryExecutionState.CANCELLED);
        assertThat(limited.status().stateChangeReason()).contains("Bytes scanned limit was exceeded");
    }

    @Test
    void anIdenticalQueryReusesAPreviousResultWhenAsked() {
        String sql = "SELECT r_name FROM tpch.tiny.region ORDER BY r_regionkey /* " + UUID.randomUUID() + " */";
        QueryExecution original = AthenaQueries.run(athena, sql);
        QueryExecution reused = AthenaQueries.run(athena, b -> b.queryString(sql)
                .resultReuseConfiguration(r -> r.resultReuseByAgeConfiguration(a -> a.enabled(true).maxAgeInMinutes(60))));
        QueryExecution fresh = AthenaQueries.run(athena, sql);

        assertThat(reused.queryExecutionId()).isNotEqualTo(original.queryExecutionId());
        assertThat(reused.statistics().resultReuseInformation().reusedPreviousResult()).isTrue();
        assertThat(reused.resultConfiguration().outputLocation()).isEqualTo(original.resultConfiguration().outputLocation());
        assertThat(AthenaQueries.rows(athena, reused.queryExecutionId()))
                .isEqualTo(AthenaQueries.rows(athena, original.queryExecutionId()))
                .hasSize(5);
        assertThat(fresh.statistics().resultReuseInformation().reusedPreviousResult()).isFalse();
    }

    @Test
    void executionsAreListedNewestFirstAndFetchedInBatches() {
        String first = AthenaQueries.run(athena, "SELECT 1").queryExecutionId();
        String second = AthenaQueries.run(athena, "SELECT 2").queryExecutionId();

        List<String> listed = athena.listQueryExecutionsPaginator(b -> b.maxResults(50)).stream()
                .flatMap(page -> page.queryExecutionIds().stream()).toList();
        assertThat(listed.indexOf(second)).isLessThan(listed.indexOf(first)).isNotNegative();

        BatchGetQueryExecutionResponse batch = athena.batchGetQueryExecution(b -> b.queryExecutionIds(first, second, "unknown-id"));
        assertThat(batch.queryExecutions()).extracting(QueryExecution::queryExecutionId).containsExactly(first, second);
        assertThat(batch.unprocessedQueryExecutionIds()).singleElement()
                .satisfies(u -> assertThat(u.queryExecutionId()).isEqualTo("unknown-id"));
    }

    @Test
    void dataCatalogsAreListed() {
        assertThat(athena.listDataCatalogs(b -> { }).dataCatalogsSummary())
                .extracting(c -> c.catalogName() + ":" + c.type())
                .contains("AwsDataCatalog:GLUE", "postgresql:LAMBDA", "tpch:LAMBDA");
        assertThat(athena.getDataCatalog(b -> b.name("postgresql")).dataCatalog().type()).isEqualTo(DataCatalogType.LAMBDA);
        assertThatThrownBy(() -> athena.getDataCatalog(b -> b.name("nope"))).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void badInputGetsAthenasErrorAndTheStackKeepsServing() {
        assertThatThrownBy(() -> athena.startQueryExecution(b -> { }))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("queryString");
        assertThatThrownBy(() -> athena.getQueryExecution(b -> b.queryExecutionId("does-not-exist")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("was not found");
        String id = AthenaQueries.run(athena, "SELECT 1").queryExecutionId();
        assertThatThrownBy(() -> athena.getQueryResults(b -> b.queryExecutionId(id).maxResults(1001)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("maxResults");
        assertThatThrownBy(() -> athena.getQueryResults(b -> b.queryExecutionId(id).nextToken("garbage")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("NextToken");
        assertThatThrownBy(() -> athena.startQueryExecution(b -> b.queryString("SELECT 1")
                .resultConfiguration(r -> r.outputLocation("not-s3"))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not-s3");
        assertThatThrownBy(() -> athena.getNamedQuery(b -> b.namedQueryId("x")))
                .isInstanceOf(AthenaException.class)
                .hasMessageContaining("does not implement GetNamedQuery")
                .satisfies(e -> assertThat(((AthenaException) e).awsErrorDetails().errorCode())
                        .isEqualTo("UnknownOperationException"));

        assertThat(AthenaQueries.succeededRows(athena, "SELECT 'still serving'")).containsExactly(List.of("still serving"));
    }
}
