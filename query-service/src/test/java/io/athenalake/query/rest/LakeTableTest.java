package io.athenalake.query.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.athenalake.query.DevStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.athenalake.query.TestSupport.api;
import static io.athenalake.query.TestSupport.trinoRows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** A lake table (parquet in S3, in the Glue catalog) queried through the service, compared with Trino. */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
class LakeTableTest {

    @Test
    void lakeTableReturnsTheRowsTrinoReturns() throws Exception {
        String table = "orders_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        QueryResourceTest.submitAndWait(Map.of("catalog", "AwsDataCatalog", "database", "default",
                "sql", "CREATE TABLE " + table + " WITH (format = 'PARQUET', external_location = 's3://lake/" + table + "/') "
                        + "AS SELECT o_orderkey, o_orderpriority, o_totalprice, o_orderdate FROM tpch.tiny.orders"));

        String sql = "SELECT o_orderpriority, count(*) AS orders, round(sum(o_totalprice), 2) AS total, max(o_orderdate) AS last "
                + "FROM %s GROUP BY o_orderpriority ORDER BY o_orderpriority";
        JsonNode answer = QueryResourceTest.submitAndWait(Map.of("catalog", "AwsDataCatalog", "database", "default",
                "sql", sql.formatted(table)));
        assertThat(QueryResourceTest.rows(answer.get("firstPage")))
                .hasSize(5)
                .isEqualTo(trinoRows(sql.formatted("awsdatacatalog.\"default\"." + table)));
        api().get("/queries/" + answer.get("queryExecutionId").asText()).then()
                .body("catalog", containsString("AwsDataCatalog")).body("database", containsString("default"));
    }
}
