package io.athenalake.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.export.config.ExportServiceConfig;
import io.athenalake.export.crawler.LakeCrawler;
import io.athenalake.export.export.ExportIds;
import io.athenalake.export.support.EventForwarder;
import io.athenalake.export.support.Scenario;
import io.athenalake.export.support.TestAws;
import io.athenalake.sqs.DeadLetters;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.inject.Vetoed;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.glue.GlueClient;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.athenalake.export.support.TestAws.RDS;
import static io.athenalake.export.support.TestAws.S3;
import static io.athenalake.export.support.TestAws.sql;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Through the real queues: the export quota reached → retried until a slot frees, never dead-lettered even
 * when the waits outnumber the receives the queue allows; a cancelled export →
 * ExportFailed, nothing moved; the crawler already running → retried; and bad input (malformed JSON, an
 * envelope without detail, unknown event ids, a snapshot of a source not on the allow-list, the completion of
 * an export another deployment started into its own bucket) acknowledged
 * or dead-lettered as documented while the consumer keeps going.
 */
@QuarkusTest
@TestProfile(RetriesProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetriesAndBadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::000000000000:role/rds-export";
    private static final String KEY = "arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static Scenario scenario;

    @Inject
    GlueClient glue;

    @Inject
    ExportServiceConfig config;

    @BeforeAll
    static void database() throws Exception {
        scenario = RetriesProfile.scenario();
        sql("CREATE SCHEMA " + scenario.schema,
                "CREATE TABLE " + scenario.schema + ".t (id integer PRIMARY KEY, v text)",
                "INSERT INTO " + scenario.schema + ".t VALUES (1, 'one'), (2, 'two')",
                // what the foreign exports export: big enough that they are still running when ours is tried
                "CREATE SCHEMA " + scenario.schema + "_big",
                "CREATE TABLE " + scenario.schema + "_big.b AS SELECT g AS id, md5(g::text) AS h, g * 1.5 AS x "
                        + "FROM generate_series(1, 300000) AS g");
    }

    @Test
    @Order(1)
    void quotaReachedIsRetriedThenACancelledExportIsAnnouncedAndNothingMoves() throws Exception {
        // a snapshot whose own event stays on the shared queue; its event is delivered below, once
        // five exports (RDS's quota) are running, started by someone else
        String snapshot = TestAws.automatedSnapshot();
        String exportId = ExportIds.forSnapshot("lake", snapshot);
        Thread.sleep(1100);
        String foreignSnapshot = TestAws.automatedSnapshot();
        String foreign = "foreign-" + scenario.name;
        for (int i = 0; i < 5; i++) {
            String id = foreign + "-" + i;
            RDS.startExportTask(b -> b.exportTaskIdentifier(id).sourceArn(foreignSnapshot).s3BucketName(scenario.bucket)
                    .s3Prefix("foreign").iamRoleArn(ROLE).kmsKeyId(KEY).exportOnly("app." + scenario.schema + "_big"));
        }
        scenario.send(Scenario.rdsEnvelope(snapshot, "RDS-EVENT-0091", "Automated snapshot created"));
        EventForwarder.route(snapshot, scenario.rdsEvents);

        JsonNode started = JSON.readTree(Scenario.take(scenario.lakeEvents,
                b -> b.contains("\"ExportStarted\"") && b.contains(exportId), 1, 180_000).get(0));
        assertThat(started.get("exportId").asText()).isEqualTo(exportId);
        assertThat(metric("athena_lake_exports_total", "retried-ExportTaskLimitReached")).isGreaterThanOrEqualTo(1);

        // cancelled while it waits behind the foreign exports: ExportFailed, nothing moved
        RDS.cancelExportTask(b -> b.exportTaskIdentifier(exportId));
        JsonNode failed = JSON.readTree(Scenario.take(scenario.lakeEvents,
                b -> b.contains("\"ExportFailed\"") && b.contains(exportId), 1, 180_000).get(0));
        assertThat(failed.get("stage").asText()).isEqualTo("export");
        assertThat(failed.get("status").asText()).isEqualTo("CANCELED");
        assertThat(S3.listObjectsV2(b -> b.bucket(scenario.bucket).prefix("lake/")).contents()).isEmpty();
        await().atMost(java.time.Duration.ofMinutes(3)).until(() -> RDS.describeExportTasks(b -> b.sourceArn(foreignSnapshot))
                .exportTasks().stream().noneMatch(t -> t.status().equals("STARTING") || t.status().equals("IN_PROGRESS")));
        assertThat(Scenario.drain(scenario.rdsEventsDlq, 2_000)).isEmpty();
    }

    @Test
    @Order(2)
    void crawlerAlreadyRunningIsRetriedMoreOftenThanTheQueueAllowsReceives() throws Exception {
        AtomicInteger refusals = new AtomicInteger();
        QuarkusMock.installMockForType(new BusyAtFirstCrawler(glue, config, refusals), LakeCrawler.class);
        Thread.sleep(1100);
        String snapshot = scenario.snapshot();
        String exportId = ExportIds.forSnapshot("lake", snapshot);
        JsonNode refreshed = JSON.readTree(Scenario.take(scenario.lakeEvents,
                b -> b.contains("\"CatalogRefreshed\"") && b.contains(exportId), 1, 240_000).get(0));
        assertThat(refreshed.get("tables")).extracting(JsonNode::asText).containsExactly("app_" + scenario.schema + "_t");
        assertThat(refusals.get()).isEqualTo(BusyAtFirstCrawler.REFUSALS);
        assertThat(metric("athena_lake_exports_total", "crawler-busy")).isGreaterThanOrEqualTo(BusyAtFirstCrawler.REFUSALS);
        // four waits on a queue that dead-letters after three receives: the event was sent again, never dead-lettered
        assertThat(metric("athena_lake_rds_events_total", "requeued")).isGreaterThanOrEqualTo(1);
        assertThat(Scenario.drain(scenario.rdsEventsDlq, 2_000)).isEmpty();
    }

    @Test
    @Order(3)
    void badInputIsAcknowledgedOrDeadLetteredWhileTheConsumerKeepsGoing() throws Exception {
        scenario.send("this is not JSON {");
        scenario.send("{\"version\":\"0\",\"id\":\"no-detail\",\"detail-type\":\"RDS DB Snapshot Event\",\"source\":\"aws.rds\"}");
        // acknowledged: an RDS event export-service does not act on, another detail-type, a source not on the allow-list
        scenario.send(Scenario.rdsEnvelope("arn:aws:rds:us-east-1:000000000000:snapshot:whatever", "RDS-EVENT-0001", "x"));
        scenario.send("{\"version\":\"0\",\"id\":\"other\",\"detail-type\":\"EC2 Instance State-change Notification\","
                + "\"source\":\"aws.ec2\",\"detail\":{\"state\":\"running\"}}");
        Thread.sleep(1100);
        String clusterSnapshot = scenario.clusterSnapshot();
        // the completion of an export with this service's id for the snapshot, started by another deployment into its
        // own bucket: acknowledged, nothing moved
        Thread.sleep(1100);
        String othersSnapshot = TestAws.automatedSnapshot();
        String othersExport = ExportIds.forSnapshot("lake", othersSnapshot);
        String othersBucket = "others-" + scenario.name;
        S3.createBucket(b -> b.bucket(othersBucket));
        RDS.startExportTask(b -> b.exportTaskIdentifier(othersExport).sourceArn(othersSnapshot).s3BucketName(othersBucket)
                .iamRoleArn(ROLE).kmsKeyId(KEY).exportOnly("app." + scenario.schema));
        await().atMost(java.time.Duration.ofMinutes(3)).until(() -> RDS.describeExportTasks(b -> b.exportTaskIdentifier(othersExport))
                .exportTasks().get(0).status().equals("COMPLETE"));
        scenario.send(Scenario.rdsEnvelope(othersSnapshot, "RDS-EVENT-0161", "Snapshot export task completed."));

        // dead-lettered at once, each with the reason (without the dead-letter policy: after maxReceiveCount receives
        // through the redrive policy, with no reason)
        Map<String, String> dead = new java.util.HashMap<>();
        await().atMost(java.time.Duration.ofMinutes(2)).until(() -> {
            for (var message : TestAws.SQS.receiveMessage(b -> b.queueUrl(scenario.rdsEventsDlq).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).messageAttributeNames("All")).messages()) {
                var reason = message.messageAttributes().get(DeadLetters.REASON_ATTRIBUTE);
                dead.put(message.body(), reason == null ? "(no reason)" : reason.stringValue());
                TestAws.SQS.deleteMessage(b -> b.queueUrl(scenario.rdsEventsDlq).receiptHandle(message.receiptHandle()));
            }
            return dead.size() >= 2;
        });
        assertThat(dead).containsOnly(
                Map.entry("this is not JSON {", dead.get("this is not JSON {")),
                Map.entry("{\"version\":\"0\",\"id\":\"no-detail\",\"detail-type\":\"RDS DB Snapshot Event\",\"source\":\"aws.rds\"}",
                        "envelope of 'RDS DB Snapshot Event' has no detail object"));
        assertThat(dead.get("this is not JSON {")).startsWith("body is not JSON");
        await().atMost(java.time.Duration.ofSeconds(60)).until(() -> queueDepth(scenario.rdsEvents) == 0);
        assertThat(Scenario.drain(scenario.rdsEventsDlq, 2_000)).isEmpty();
        assertThat(RDS.describeExportTasks(b -> b.sourceArn(clusterSnapshot)).exportTasks()).isEmpty();
        assertThat(S3.listObjectsV2(b -> b.bucket(othersBucket).prefix(othersExport + "/")).contents())
                .as("the other deployment's export is left where it is").isNotEmpty();
        assertThat(S3.listObjectsV2(b -> b.bucket(scenario.bucket).prefix("exports/_progress/" + othersExport)).contents())
                .as("no progress of its own for it").isEmpty();
        assertThat(metric("athena_lake_rds_events_total", "malformed")).as("each malformed event received once").isEqualTo(2.0);

        // and the consumer keeps going: the next snapshot still reaches the lake
        Thread.sleep(1100);
        String snapshot = scenario.snapshot();
        String exportId = ExportIds.forSnapshot("lake", snapshot);
        Scenario.take(scenario.lakeEvents, b -> b.contains("\"CatalogRefreshed\"") && b.contains(exportId), 1, 240_000);
    }

    private static int queueDepth(String queueUrl) {
        var attributes = TestAws.SQS.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings(
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
        return Integer.parseInt(attributes.get("ApproximateNumberOfMessages"))
                + Integer.parseInt(attributes.get("ApproximateNumberOfMessagesNotVisible"));
    }

    private static double metric(String name, String outcome) {
        String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        double total = 0;
        for (String line : body.lines().toList()) {
            if (line.startsWith(name + "{") && line.contains("outcome=\"" + outcome + "\"")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    /** The lake's crawler, answering "already running" to the first four starts (as Glue does while a crawl runs). */
    @Vetoed
    static class BusyAtFirstCrawler extends LakeCrawler {
        static final int REFUSALS = 4;
        private final AtomicInteger refusals;

        BusyAtFirstCrawler(GlueClient glue, ExportServiceConfig config, AtomicInteger refusals) {
            super(glue, config);
            this.refusals = refusals;
        }

        @Override
        public boolean start() {
            if (refusals.get() < REFUSALS) {
                refusals.incrementAndGet();
                return false;
            }
            return super.start();
        }
    }
}
