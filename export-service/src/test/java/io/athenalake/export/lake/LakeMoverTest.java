package io.athenalake.export.lake;

import io.athenalake.export.progress.ExportProgress.PlannedObject;
import io.athenalake.export.support.TestAws;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** LakeMover against the devstack's S3: copies in parts above the threshold, and verification catches a wrong copy. */
class LakeMoverTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void objectsAboveTheThresholdAreCopiedInPartsAndArriveIntact() {
        S3Client s3 = TestAws.S3;
        String bucket = "mover-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
        byte[] big = new byte[(int) (11 * MIB + 123)];
        new Random(7).nextBytes(big);
        var put = s3.putObject(b -> b.bucket(bucket).key("exports/x/app/s.t/1/part-00000-a-c000.parquet"),
                RequestBody.fromBytes(big));
        byte[] small = "small".getBytes();
        var putSmall = s3.putObject(b -> b.bucket(bucket).key("exports/x/app/s.t/1/part-00001-b-c000.parquet"),
                RequestBody.fromBytes(small));

        LakeMover mover = new LakeMover(s3, MoveSettings.of(bucket, 4, 5 * MIB, 5 * MIB), new SimpleMeterRegistry());
        List<PlannedObject> plan = List.of(
                new PlannedObject("exports/x/app/s.t/1/part-00000-a-c000.parquet", "lake/app.s.t/1_part-00000-a-c000.parquet",
                        big.length, put.eTag()),
                new PlannedObject("exports/x/app/s.t/1/part-00001-b-c000.parquet", "lake/app.s.t/1_part-00001-b-c000.parquet",
                        small.length, putSmall.eTag()));
        assertThat(mover.verify(plan)).hasSize(2).allMatch(problem -> problem.endsWith("is missing"));

        mover.copy(plan);

        assertThat(mover.verify(plan)).isEmpty();
        var head = s3.headObject(b -> b.bucket(bucket).key("lake/app.s.t/1_part-00000-a-c000.parquet"));
        assertThat(head.eTag()).as("copied in parts").endsWith("-3\"");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("lake/app.s.t/1_part-00000-a-c000.parquet")).asByteArray())
                .isEqualTo(big);

        // a target that differs from its source is caught, and copy() repairs it
        s3.putObject(b -> b.bucket(bucket).key("lake/app.s.t/1_part-00001-b-c000.parquet"), RequestBody.fromString("other"));
        assertThat(mover.verify(plan)).singleElement().asString().contains("has ETag");
        mover.copy(plan);
        assertThat(mover.verify(plan)).isEmpty();
    }
}
