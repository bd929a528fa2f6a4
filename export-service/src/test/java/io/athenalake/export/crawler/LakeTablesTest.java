package io.athenalake.export.crawler;

import io.athenalake.export.progress.ProgressStore.FolderHolds;
import io.athenalake.export.support.TestAws;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.athenalake.export.support.TestAws.GLUE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The switch of a live table through the devstack's Glue, as two export-service instances would do it at once:
 * each with its own client, each switching the same table to its own export at the same instant. Whatever the
 * interleaving, the newer snapshot wins, and a repeated switch changes nothing.
 */
class LakeTablesTest {

    private static final String DATABASE = "lake_tables_" + UUID.randomUUID().toString().substring(0, 8);
    private static final Instant DAY_ONE = Instant.parse("2026-11-01T03:00:00Z");

    @BeforeAll
    static void database() {
        GLUE.createDatabase(b -> b.databaseInput(d -> d.name(DATABASE)));
    }

    @Test
    void twoInstancesSwitchingTheSameTableAtOnceLeaveTheNewerSnapshot() throws Exception {
        ExecutorService instances = Executors.newFixedThreadPool(2);
        try (GlueClient other = TestAws.glueClient()) {
            LakeTables one = new LakeTables(GLUE, DATABASE);
            LakeTables two = new LakeTables(other, DATABASE);
            for (int round = 0; round < 40; round++) {
                String table = "t" + round;
                FolderHolds older = shown("older" + round, DAY_ONE);
                FolderHolds newer = shown("newer" + round, DAY_ONE.plusSeconds(86_400));
                one.switchTo(table, folder(table, "first" + round, "bigint"), shown("first" + round, DAY_ONE.minusSeconds(86_400)));
                CyclicBarrier together = new CyclicBarrier(2);
                // alternate who starts first so that both orders meet
                boolean newerFirst = round % 2 == 0;
                Future<LakeTables.Switch> a = instances.submit(() -> {
                    together.await();
                    return newerFirst ? one.switchTo(table, folder(table, newer.exportId(), "string"), newer)
                            : one.switchTo(table, folder(table, older.exportId(), "int"), older);
                });
                Future<LakeTables.Switch> b = instances.submit(() -> {
                    together.await();
                    return newerFirst ? two.switchTo(table, folder(table, older.exportId(), "int"), older)
                            : two.switchTo(table, folder(table, newer.exportId(), "string"), newer);
                });
                List<LakeTables.Outcome> outcomes = new ArrayList<>(List.of(a.get().outcome(), b.get().outcome()));
                var live = GLUE.getTable(x -> x.databaseName(DATABASE).name(table)).table();
                assertThat(live.storageDescriptor().location()).as("round %d: %s", round, outcomes)
                        .isEqualTo(folder(table, newer.exportId(), "string").location());
                assertThat(live.storageDescriptor().columns()).as("location and columns switch together")
                        .extracting(Column::type).containsExactly("string");
                assertThat(live.parameters()).containsEntry("athena_lake_export_id", newer.exportId());
                assertThat(outcomes).contains(LakeTables.Outcome.SWITCHED);
            }
            LakeTables.Switch again = one.switchTo("t0", folder("t0", "newer0", "string"), shown("newer0",
                    DAY_ONE.plusSeconds(86_400)));
            assertThat(again.outcome()).isEqualTo(LakeTables.Outcome.ALREADY);
        } finally {
            instances.shutdownNow();
        }
    }

    private static FolderHolds shown(String exportId, Instant snapshotTime) {
        return new FolderHolds(exportId, "arn:aws:rds:us-east-1:000000000000:snapshot:rds:app-db-" + exportId,
                snapshotTime, "app-db");
    }

    private static StorageDescriptor folder(String table, String exportId, String type) {
        return StorageDescriptor.builder().location("s3://lake/lake/" + table + "/" + exportId + "/")
                .columns(Column.builder().name("value").type(type).build())
                .inputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
                .outputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat")
                .serdeInfo(SerDeInfo.builder().serializationLibrary(
                        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe").build()).build();
    }
}
