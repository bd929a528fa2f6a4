package io.athenalake.export.support;

import io.athenalake.devstack.DevStackAdmin;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import static io.athenalake.export.support.TestAws.GLUE;
import static io.athenalake.export.support.TestAws.S3;
import static io.athenalake.export.support.TestAws.SQS;

/**
 * Everything one test class's service instance works on, created fresh: its own rds-events queue (with
 * its own dead-letter queue), lake-events queue, bucket, PostgreSQL schema, Glue database and crawler.
 * The devstack delivers RDS and Glue events to the stack's shared {@code rds-events}; the scenario's
 * {@link EventForwarder} moves the ones about this scenario's snapshots and crawler to its own queue.
 */
public final class Scenario {

    /** The redrive policy of a scenario's rds-events queue, unless the scenario says otherwise. */
    public static final int MAX_RECEIVES = 12;
    private static final Map<String, Scenario> BY_NAME = new ConcurrentHashMap<>();

    public final String name;
    public final String rdsEvents;
    public final String rdsEventsDlq;
    public final String lakeEvents;
    public final String bucket;
    public final String schema;
    public final String database;
    /** Where the crawler catalogues in the replace layout (export-service switches the database's tables); null in snapshots. */
    public final String stagingDatabase;
    public final String crawler;
    /** maxReceiveCount of the scenario's rds-events queue: receives before a message is dead-lettered. */
    public final int maxReceives;

    private Scenario(String name, int maxReceives, boolean snapshotsLayout) {
        // The test profile (Quarkus' class loader) and the test class (the application's) both ask for the
        // scenario; the system property makes them agree on one set of resources.
        String key = "export-service.scenario." + name;
        String suffix = System.getProperty(key);
        boolean create = suffix == null;
        if (create) {
            suffix = UUID.randomUUID().toString().substring(0, 8);
            System.setProperty(key, suffix);
        }
        this.name = name + "-" + suffix;
        this.bucket = "lake-" + this.name;
        this.schema = "exp_" + name.replace('-', '_') + "_" + suffix;
        this.database = "lake_" + name.replace('-', '_') + "_" + suffix;
        this.stagingDatabase = snapshotsLayout ? null : database + "_staging";
        this.crawler = "crawler-" + this.name;
        this.maxReceives = maxReceives;
        if (!create) {
            this.rdsEventsDlq = SQS.getQueueUrl(b -> b.queueName("rds-" + this.name + "-dlq")).queueUrl();
            this.rdsEvents = SQS.getQueueUrl(b -> b.queueName("rds-" + this.name)).queueUrl();
            this.lakeEvents = SQS.getQueueUrl(b -> b.queueName("lake-" + this.name)).queueUrl();
            return;
        }
        this.rdsEventsDlq = SQS.createQueue(b -> b.queueName("rds-" + this.name + "-dlq")).queueUrl();
        String dlqArn = SQS.getQueueAttributes(b -> b.queueUrl(rdsEventsDlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        this.rdsEvents = SQS.createQueue(b -> b.queueName("rds-" + this.name).attributes(Map.of(
                QueueAttributeName.REDRIVE_POLICY, "{\"maxReceiveCount\":\"" + maxReceives + "\",\"deadLetterTargetArn\":\""
                        + dlqArn + "\"}"))).queueUrl();
        this.lakeEvents = SQS.createQueue(b -> b.queueName("lake-" + this.name)).queueUrl();
        S3.createBucket(b -> b.bucket(bucket));
        try {
            GLUE.createDatabase(b -> b.databaseInput(d -> d.name(database)));
        } catch (AlreadyExistsException e) {
            // created by the crawler's first run elsewhere: fine
        }
        if (snapshotsLayout) {
            // snapshots layout: the crawler adds each day's partition to the lake's tables itself
            GLUE.createCrawler(b -> b.name(crawler).role("arn:aws:iam::000000000000:role/glue").databaseName(database)
                    .targets(t -> t.s3Targets(x -> x.path("s3://" + bucket + "/lake/")))
                    .schemaChangePolicy(p -> p.updateBehavior("UPDATE_IN_DATABASE").deleteBehavior("DELETE_FROM_DATABASE")));
            return;
        }
        // replace layout, as infra's snapshot-export module sets it up: the crawler catalogues each table folder
        // (level 2: lake/<table>/) into the staging database, each export folder a partition with its own columns
        GLUE.createDatabase(b -> b.databaseInput(d -> d.name(stagingDatabase)));
        GLUE.createCrawler(b -> b.name(crawler).role("arn:aws:iam::000000000000:role/glue").databaseName(stagingDatabase)
                .targets(t -> t.s3Targets(x -> x.path("s3://" + bucket + "/lake/")))
                .configuration("{\"Version\":1.0,\"Grouping\":{\"TableGroupingPolicy\":\"CombineCompatibleSchemas\","
                        + "\"TableLevelConfiguration\":2}}")
                .schemaChangePolicy(p -> p.updateBehavior("UPDATE_IN_DATABASE").deleteBehavior("DELETE_FROM_DATABASE")));
    }

    /** A scenario of the replace layout (the default). */
    public static Scenario named(String name) {
        return named(name, MAX_RECEIVES);
    }

    public static Scenario named(String name, int maxReceives) {
        return BY_NAME.computeIfAbsent(name, n -> new Scenario(n, maxReceives, false));
    }

    /** A scenario of the snapshots layout. */
    public static Scenario snapshotsLayout(String name) {
        return BY_NAME.computeIfAbsent(name, n -> new Scenario(n, MAX_RECEIVES, true));
    }

    /** The service's configuration for this scenario, on top of the test profile's own settings. */
    public Map<String, String> config() {
        var stack = TestAws.stack();
        Map<String, String> config = new HashMap<>();
        config.put("athena-lake.aws.region", stack.region());
        config.put("athena-lake.aws.rds-endpoint", stack.awsEndpoint());
        config.put("athena-lake.aws.glue-endpoint", stack.awsEndpoint());
        config.put("athena-lake.aws.s3-endpoint", stack.s3Endpoint());
        config.put("athena-lake.aws.sqs-endpoint", stack.sqsEndpoint());
        config.put("athena-lake.aws.s3-path-style", "true");
        config.put("athena-lake.aws.access-key-id", stack.accessKeyId());
        config.put("athena-lake.aws.secret-access-key", stack.secretAccessKey());
        config.put("athena-lake.rds-events-queue-url", rdsEvents);
        config.put("athena-lake.rds-events-dlq-url", rdsEventsDlq);
        config.put("athena-lake.lake-events-queue-url", lakeEvents);
        config.put("athena-lake.export-bucket", bucket);
        config.put("athena-lake.export-prefix", "exports/");
        config.put("athena-lake.lake-prefix", "lake/");
        config.put("athena-lake.export-role-arn", "arn:aws:iam::000000000000:role/rds-export");
        config.put("athena-lake.export-kms-key-arn", "arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        config.put("athena-lake.crawler-name", crawler);
        config.put("athena-lake.glue-database", database);
        config.put("athena-lake.sources", "app-db,app-cluster");
        config.put("athena-lake.export-only", "app." + schema);
        config.put("athena-lake.receive.wait-seconds", "1");
        config.put("athena-lake.retry.export-quota", "PT2S");
        config.put("athena-lake.retry.export-not-ready", "PT2S");
        config.put("athena-lake.retry.crawler-running", "PT2S");
        config.put("athena-lake.retry.transient-failure", "PT2S");
        config.put("athena-lake.retry.max-delay", "PT4S");
        return config;
    }

    /** Takes an automated snapshot of app-db and routes its events to this scenario; returns the snapshot ARN. */
    public String snapshot() {
        EventForwarder.route(crawler, rdsEvents);
        return snapshotWithoutCrawlerEvents();
    }

    /** Takes an automated snapshot of the cluster app-cluster and routes its events to this scenario. */
    public String clusterSnapshot() {
        EventForwarder.route(crawler, rdsEvents);
        return routed(DevStackAdmin.on(TestAws.stack()).automatedSnapshotOfCluster("app-cluster"));
    }

    /**
     * Takes an automated snapshot of app-db and routes its events to this scenario, but not the crawler's
     * state changes (as if EventBridge lost them): only polling can see the crawl finish.
     */
    public String snapshotWithoutCrawlerEvents() {
        return routed(TestAws.automatedSnapshot());
    }

    /**
     * Takes a snapshot whose events are not routed to the service, has the service start its export (the snapshot
     * event, sent here) and waits until RDS has finished it: the export holds the data as it is now, and the
     * completion event is the test's to send.
     */
    public String exportedWithoutItsCompletionEvent() {
        String snapshot = TestAws.automatedSnapshot();
        String exportId = io.athenalake.export.export.ExportIds.forSnapshot("lake", snapshot);
        send(rdsEnvelope(snapshot, "RDS-EVENT-0091", "Automated snapshot created"));
        take(lakeEvents, b -> b.contains("\"ExportStarted\"") && b.contains(exportId), 1, 60_000);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(3)).pollInterval(java.time.Duration.ofSeconds(1))
                .until(() -> "COMPLETE".equals(TestAws.RDS.describeExportTasks(b -> b.exportTaskIdentifier(exportId))
                        .exportTasks().get(0).status()));
        return snapshot;
    }

    /** Sends the export-completed event of a snapshot, as EventBridge would. */
    public void completed(String snapshotArn) {
        send(rdsEnvelope(snapshotArn, "RDS-EVENT-0161", "Snapshot export task completed."));
    }

    /** Routes the events of a snapshot taken elsewhere (a manual one, one prepared first) to this scenario. */
    public String routed(String snapshotArn) {
        EventForwarder.route(snapshotArn, rdsEvents);
        return snapshotArn;
    }

    /** Sends a body to the scenario's rds-events queue, as EventBridge would. */
    public void send(String body) {
        SQS.sendMessage(b -> b.queueUrl(rdsEvents).messageBody(body));
    }

    /** Every message on a queue so far that matches, received and deleted; waits up to the timeout for {@code count}. */
    public static List<String> take(String queueUrl, Predicate<String> wanted, int count, long timeoutMillis) {
        List<String> found = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (found.size() < count && System.currentTimeMillis() < deadline) {
            for (Message message : SQS.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(0)).messages()) {
                if (wanted.test(message.body())) {
                    found.add(message.body());
                    SQS.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                }
            }
        }
        if (found.size() < count) {
            throw new AssertionError("only " + found.size() + " of " + count + " expected messages on " + queueUrl + ": " + found);
        }
        return found;
    }

    /** Every message that arrives on a queue within the time, received and deleted. */
    public static List<String> drain(String queueUrl, long millis) {
        List<String> found = new ArrayList<>();
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            for (Message message : SQS.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(30)).messages()) {
                found.add(message.body());
                SQS.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        return found;
    }

    /** The EventBridge envelope of an RDS snapshot event, as the devstack (and AWS) sends it. */
    public static String rdsEnvelope(String snapshotArn, String eventId, String message) {
        String identifier = snapshotArn.substring(snapshotArn.indexOf(":snapshot:") + ":snapshot:".length());
        return """
                {"version":"0","id":"%s","detail-type":"RDS DB Snapshot Event","source":"aws.rds",
                 "account":"000000000000","time":"2026-11-21T07:00:00Z","region":"us-east-1","resources":["%s"],
                 "detail":{"EventCategories":["notification"],"SourceType":"SNAPSHOT","SourceArn":"%s",
                 "Date":"2026-11-21T07:00:00.000Z","Message":"%s","SourceIdentifier":"%s","EventID":"%s"}}"""
                .formatted(UUID.randomUUID(), snapshotArn, snapshotArn, message, identifier, eventId);
    }
}
