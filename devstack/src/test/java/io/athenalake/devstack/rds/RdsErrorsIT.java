package io.athenalake.devstack.rds;

import io.athenalake.devstack.AwsClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.ExportTaskAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.IamRoleNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidExportOnlyException;
import software.amazon.awssdk.services.rds.model.InvalidS3BucketException;
import software.amazon.awssdk.services.rds.model.KmsKeyNotAccessibleException;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.StartExportTaskRequest;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** RDS snapshot and export errors answer with AWS's error codes, through {@link RdsClient}. */
class RdsErrorsIT {

    private static final String ROLE = "arn:aws:iam::000000000000:role/rds-export";
    private static final String KEY = "arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static RdsClient rds;
    private static String snapshotArn;
    private static String bucket;
    private static String schema;

    @BeforeAll
    static void snapshot() {
        rds = AwsClients.rds();
        String id = "errors-" + UUID.randomUUID().toString().substring(0, 8);
        snapshotArn = rds.createDBSnapshot(b -> b.dbInstanceIdentifier("app-db").dbSnapshotIdentifier(id)).dbSnapshot().dbSnapshotArn();
        bucket = id;
        try (var s3 = AwsClients.s3()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        schema = id.replace('-', '_');
        try (var postgres = AwsClients.postgres(); var statement = postgres.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
            statement.execute("CREATE TABLE " + schema + ".numbers AS SELECT g AS n FROM generate_series(1, 50000) AS g");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void close() {
        try (SqsClient sqs = AwsClients.sqs()) {
            sqs.purgeQueue(b -> b.queueUrl(AwsClients.stack().queueUrls().get("rds-events")));
        }
        rds.close();
    }

    private static Consumer<StartExportTaskRequest.Builder> export(String id) {
        return b -> b.exportTaskIdentifier(id).sourceArn(snapshotArn).s3BucketName(bucket).iamRoleArn(ROLE).kmsKeyId(KEY);
    }

    @Test
    void invalidExportsAnswerWithAwsErrorCodes() {
        String id = "bad-" + UUID.randomUUID().toString().substring(0, 8);
        assertThatThrownBy(() -> rds.startExportTask(export(id).andThen(b -> b.s3BucketName("no-such-bucket-" + id))))
                .isInstanceOf(InvalidS3BucketException.class);
        assertThatThrownBy(() -> rds.startExportTask(export(id).andThen(b -> b.iamRoleArn("arn:aws:iam::111122223333:role/x"))))
                .isInstanceOf(IamRoleNotFoundException.class);
        assertThatThrownBy(() -> rds.startExportTask(export(id).andThen(b -> b.kmsKeyId("not a key"))))
                .isInstanceOf(KmsKeyNotAccessibleException.class);
        assertThatThrownBy(() -> rds.startExportTask(export(id).andThen(b -> b.sourceArn(
                "arn:aws:rds:us-east-1:000000000000:snapshot:no-such-snapshot"))))
                .isInstanceOf(DbSnapshotNotFoundException.class);
        assertThatThrownBy(() -> rds.startExportTask(export("1-starts-with-a-digit")))
                .isInstanceOf(RdsException.class)
                .satisfies(e -> assertThat(((RdsException) e).awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
        assertThatThrownBy(() -> rds.startExportTask(export(id).andThen(b -> b.exportOnly("app.no_such_schema_" + id.replace('-', '_')))))
                .isInstanceOf(InvalidExportOnlyException.class);
        assertThatThrownBy(() -> rds.describeDBSnapshots(b -> b.dbSnapshotIdentifier("missing-" + id)))
                .isInstanceOf(DbSnapshotNotFoundException.class);
    }

    @Test
    void aReusedIdAndASixthConcurrentExportAreRefused() {
        String prefix = "busy-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> started = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                String id = prefix + "-" + i;
                rds.startExportTask(export(id).andThen(b -> b.exportOnly("app." + schema)));
                started.add(id);
            }
            assertThatThrownBy(() -> rds.startExportTask(export(prefix + "-0")))
                    .isInstanceOf(ExportTaskAlreadyExistsException.class);
            assertThatThrownBy(() -> rds.startExportTask(export(prefix + "-5")))
                    .isInstanceOf(RdsException.class)
                    .satisfies(e -> assertThat(((RdsException) e).awsErrorDetails().errorCode()).isEqualTo("ExportTaskLimitReached"));
        } finally {
            for (String id : started) {
                try {
                    rds.cancelExportTask(b -> b.exportTaskIdentifier(id));
                } catch (RdsException ignored) {
                    // already finished
                }
            }
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> rds.describeExportTasks(b -> b.sourceArn(snapshotArn)).exportTasks()
                .stream().filter(t -> t.exportTaskIdentifier().startsWith(prefix))
                .allMatch(t -> List.of("CANCELED", "COMPLETE").contains(t.status())));
        assertThat(rds.describeExportTasks(b -> b.exportTaskIdentifier(prefix + "-4")).exportTasks().get(0).status())
                .isEqualTo("CANCELED");
    }
}
