package io.athenalake.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.export.export.ExportIds;
import io.athenalake.export.support.Scenario;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.glue.model.S3Target;

import java.util.List;

import static io.athenalake.export.support.TestAws.GLUE;
import static io.athenalake.export.support.TestAws.S3;
import static io.athenalake.export.support.TestAws.athenaRows;
import static io.athenalake.export.support.TestAws.postgresRows;
import static io.athenalake.export.support.TestAws.sql;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a crawl's end reaches users, through the real queues and the devstack's Glue: when the crawler's
 * state-change events are lost, polling GetCrawler still announces CatalogRefreshed; a crawl that fails
 * announces ExportFailed at stage {@code crawl}, with Glue's reason, and leaves the table on the previous export.
 */
@QuarkusTest
@TestProfile(CrawlOutcomeProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrawlOutcomeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Scenario scenario;

    @BeforeAll
    static void database() throws Exception {
        scenario = CrawlOutcomeProfile.scenario();
        sql("CREATE SCHEMA " + scenario.schema,
                "CREATE TABLE " + scenario.schema + ".readings (id integer PRIMARY KEY, sensor text, value double precision)",
                "INSERT INTO " + scenario.schema + ".readings SELECT g, 'sensor-' || (g % 4), g / 8.0 FROM generate_series(1, 250) AS g");
    }

    @Test
    @Order(1)
    void lostCrawlerEventsAreMadeUpForByPolling() throws Exception {
        String snapshot = scenario.snapshotWithoutCrawlerEvents();
        String exportId = ExportIds.forSnapshot("lake", snapshot);

        JsonNode refreshed = JSON.readTree(Scenario.take(scenario.lakeEvents,
                b -> b.contains("\"CatalogRefreshed\"") && b.contains(exportId), 1, 240_000).get(0));
        String table = "app_" + scenario.schema + "_readings";
        assertThat(refreshed.get("tables")).extracting(JsonNode::asText).containsExactly(table);
        assertThat(refreshed.get("database").asText()).isEqualTo(scenario.database);
        assertThat(athenaRows(scenario.database, "SELECT id, sensor, CAST(value * 8 AS integer) FROM " + table + " ORDER BY id"))
                .hasSize(250)
                .isEqualTo(postgresRows("SELECT id, sensor, (value * 8)::integer FROM " + scenario.schema + ".readings ORDER BY id"));
        assertThat(waitingMarkers()).isEmpty();
    }

    @Test
    @Order(2)
    void aFailedCrawlIsAnnouncedAndTheDataStaysInTheLake() throws Exception {
        String lake = "s3://" + scenario.bucket + "/lake/";
        String missing = "s3://no-such-bucket-" + scenario.name + "/lake/";
        // a crawler someone misconfigured: one of its targets is a bucket that does not exist
        GLUE.updateCrawler(b -> b.name(scenario.crawler).targets(t -> t.s3Targets(
                S3Target.builder().path(lake).build(), S3Target.builder().path(missing).build())));
        try {
            sql("INSERT INTO " + scenario.schema + ".readings VALUES (1000, 'late', 1.5)");
            Thread.sleep(1100); // automated snapshot names have second precision
            String snapshot = scenario.snapshot();
            String exportId = ExportIds.forSnapshot("lake", snapshot);

            JsonNode failed = JSON.readTree(Scenario.take(scenario.lakeEvents,
                    b -> b.contains("\"ExportFailed\"") && b.contains(exportId), 1, 240_000).get(0));
            assertThat(failed.get("stage").asText()).isEqualTo("crawl");
            assertThat(failed.get("status").asText()).isEqualTo("FAILED");
            assertThat(failed.get("reason").asText()).contains("no-such-bucket-" + scenario.name);
            assertThat(Scenario.drain(scenario.lakeEvents, 3_000)).noneMatch(b -> b.contains("\"CatalogRefreshed\""));
            // no table was switched to it: the table shows the previous export (250 rows, not 251)
            assertThat(athenaRows(scenario.database, "SELECT count(*) FROM app_" + scenario.schema + "_readings"))
                    .containsExactly(List.of("250"));
            // what was moved stays for the grace period, then the retired folder goes
            assertThat(S3.listObjectsV2(b -> b.bucket(scenario.bucket).prefix("lake/app." + scenario.schema + ".readings/"))
                    .contents()).isNotEmpty();
            assertThat(S3.listObjectsV2(b -> b.bucket(scenario.bucket).prefix("exports/" + exportId + "/")).contents())
                    .as("daily folder").isEmpty();
            assertThat(waitingMarkers()).isEmpty();
        } finally {
            GLUE.updateCrawler(b -> b.name(scenario.crawler).targets(t -> t.s3Targets(S3Target.builder().path(lake).build())));
        }
    }

    private static List<String> waitingMarkers() {
        return S3.listObjectsV2(b -> b.bucket(scenario.bucket).prefix("exports/_progress/crawls/")).contents().stream()
                .map(o -> o.key()).toList();
    }
}
