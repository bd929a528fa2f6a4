package io.athenalake.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.export.export.ExportIds;
import io.athenalake.export.support.Scenario;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static io.athenalake.export.support.TestAws.S3;
import static io.athenalake.export.support.TestAws.athenaRows;
import static io.athenalake.export.support.TestAws.postgresRows;
import static io.athenalake.export.support.TestAws.sql;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end in the {@code snapshots} layout: the export lands as a {@code snapshot_date=} partition,
 * Athena returns exactly the PostgreSQL rows in it, and partitions past the retention are gone.
 */
@QuarkusTest
@TestProfile(SnapshotsLayoutProfile.class)
class SnapshotsLayoutPipelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Scenario scenario;

    @BeforeAll
    static void database() throws Exception {
        scenario = SnapshotsLayoutProfile.scenario();
        String s = scenario.schema;
        sql("CREATE SCHEMA " + s,
                "CREATE TABLE " + s + ".items (id integer PRIMARY KEY, label text, price numeric(8,2), added date)",
                "INSERT INTO " + s + ".items SELECT g, 'item ' || g, g * 0.5, DATE '2024-01-01' + g FROM generate_series(1, 300) AS g");
    }

    @Test
    void exportBecomesTodaysPartitionAndOlderOnesPastRetentionGo() throws Exception {
        String table = "app." + scenario.schema + ".items";
        String old = "lake/" + table + "/snapshot_date=2000-01-01/1_part-00000-old-c000.parquet";
        S3.putObject(b -> b.bucket(scenario.bucket).key(old), RequestBody.fromString("an export from long ago"));

        String snapshot = scenario.snapshot();
        String exportId = ExportIds.forSnapshot("lake", snapshot);
        JsonNode refreshed = JSON.readTree(Scenario.take(scenario.lakeEvents, b -> b.contains("\"CatalogRefreshed\""), 1,
                240_000).get(0));
        assertThat(refreshed.get("exportId").asText()).isEqualTo(exportId);
        String glueTable = "app_" + scenario.schema + "_items";
        assertThat(refreshed.get("tables")).extracting(JsonNode::asText).containsExactly(glueTable);

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        List<String> keys = S3.listObjectsV2Paginator(b -> b.bucket(scenario.bucket).prefix("lake/" + table + "/"))
                .contents().stream().map(S3Object::key).toList();
        assertThat(keys).isNotEmpty().allMatch(k -> k.startsWith("lake/" + table + "/snapshot_date=" + today + "/"));
        assertThat(S3.listObjectsV2(b -> b.bucket(scenario.bucket).prefix("exports/" + exportId + "/")).contents()).isEmpty();

        JsonNode completed = JSON.readTree(Scenario.take(scenario.lakeEvents, b -> b.contains("\"ExportCompleted\""), 1,
                10_000).get(0));
        assertThat(completed.get("layout").asText()).isEqualTo("snapshots");
        assertThat(completed.get("objects").asLong()).isEqualTo(keys.size());

        assertThat(athenaRows(scenario.database, "SELECT id, label, CAST(price AS varchar), CAST(added AS varchar) FROM "
                + glueTable + " WHERE snapshot_date = '" + today + "' ORDER BY id"))
                .hasSize(300)
                .isEqualTo(postgresRows("SELECT id, label, price::text, added::text FROM " + scenario.schema
                        + ".items ORDER BY id"));
        assertThat(athenaRows(scenario.database, "SELECT DISTINCT snapshot_date FROM " + glueTable))
                .containsExactly(List.of(today));
    }
}
