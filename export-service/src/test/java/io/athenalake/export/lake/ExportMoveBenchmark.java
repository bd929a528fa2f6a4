package io.athenalake.export.lake;

import io.athenalake.devstack.bench.BenchReport;
import io.athenalake.export.config.ExportServiceConfig.LayoutMode;
import io.athenalake.export.progress.ExportProgress.PlannedObject;
import io.athenalake.export.support.TestAws;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moving an export of 2,000 objects into the lake: the service's parallel server-side copy, verify
 * and batched delete ({@link LakeMover}, 16 copies in flight) against, in the same run, the old
 * runbook's one-at-a-time copy-then-delete. Run by {@code mvn -Pbench verify} (bench/run); writes
 * {@code bench/results/export.json}.
 */
class ExportMoveBenchmark {

    private static final int OBJECTS = 2000;
    private static final int OBJECT_BYTES = 64 * 1024;

    @Test
    void parallelMoveAgainstOneAtATimeCopyThenDelete() throws Exception {
        S3Client s3 = TestAws.S3;
        String bucket = "bench-export-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
        byte[] bytes = new byte[OBJECT_BYTES];
        new Random(42).nextBytes(bytes);
        s3.putObject(b -> b.bucket(bucket).key("seed.parquet"), RequestBody.fromBytes(bytes));
        seed(s3, bucket, "exports/service/app/public.t/1/");
        seed(s3, bucket, "exports/runbook/app/public.t/1/");

        LakeMover mover = new LakeMover(s3, MoveSettings.of(bucket, 16, 5L * 1024 * 1024 * 1024, 512L * 1024 * 1024),
                new SimpleMeterRegistry());
        LakeLayout layout = new LakeLayout("lake-service/", LayoutMode.replace);
        ExportManifest manifest = new ExportManifest("service", "exports/service/", List.of("app.public.t"), java.util.Map.of(),
                java.time.Instant.now());

        long started = System.nanoTime();
        List<PlannedObject> plan = mover.plan(manifest, layout, "2026-11-21");
        mover.copy(plan);
        assertThat(mover.verify(plan)).isEmpty();
        mover.delete(plan.stream().map(PlannedObject::source).toList());
        double serviceSeconds = (System.nanoTime() - started) / 1e9;
        assertThat(mover.list("lake-service/")).hasSize(OBJECTS);
        assertThat(mover.list("exports/service/")).isEmpty();

        started = System.nanoTime();
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("exports/runbook/")).contents()) {
            String target = "lake-runbook/" + object.key().substring(object.key().lastIndexOf('/') + 1);
            s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(object.key()).destinationBucket(bucket).destinationKey(target));
            s3.deleteObject(b -> b.bucket(bucket).key(object.key()));
        }
        double runbookSeconds = (System.nanoTime() - started) / 1e9;
        assertThat(mover.list("lake-runbook/")).hasSize(OBJECTS);

        double megabytes = (double) OBJECTS * OBJECT_BYTES / (1024 * 1024);
        new BenchReport("export")
                .figure("move of a 2,000-object export (64 KiB each): objects/s, parallel copy+verify+delete vs one-at-a-time copy-then-delete",
                        OBJECTS / serviceSeconds, "objects/s", OBJECTS / runbookSeconds, "objects/s", "higher")
                .figure("move of a 2,000-object export (64 KiB each): MB/s, parallel copy+verify+delete vs one-at-a-time copy-then-delete",
                        megabytes / serviceSeconds, "MB/s", megabytes / runbookSeconds, "MB/s", "higher")
                .write();
    }

    private static void seed(S3Client s3, String bucket, String folder) throws Exception {
        new ForkJoinPool(16).submit(() -> IntStream.range(0, OBJECTS).parallel().forEach(i -> s3.copyObject(b -> b
                .sourceBucket(bucket).sourceKey("seed.parquet").destinationBucket(bucket)
                .destinationKey(folder + String.format("part-%05d-%s-c000.parquet", i, UUID.randomUUID()))))).get();
    }
}
