package io.athenalake.export.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * All of export-service's own configuration, under {@code athena-lake.*} so that the environment
 * variables the {@code services} Terraform module sets ({@code ATHENA_LAKE_EXPORT_BUCKET} →
 * {@code athena-lake.export-bucket}, …) apply as they are. Validated at start ({@link ConfigValidation}).
 */
@ConfigMapping(prefix = "athena-lake")
public interface ExportServiceConfig {

    /** The queue EventBridge delivers RDS and Glue events to. */
    String rdsEventsQueueUrl();

    /**
     * rds-events' dead-letter queue: an event that can never be handled (malformed) is sent there at once with the
     * reason as a message attribute; absent, it is made visible again at once and the queue's redrive policy moves
     * it after maxReceiveCount receives.
     */
    Optional<String> rdsEventsDlqUrl();

    /** Where ExportStarted / ExportCompleted / ExportFailed / CatalogRefreshed are sent. */
    String lakeEventsQueueUrl();

    /** The bucket RDS exports into; the lake layout lives in the same bucket under {@link #lakePrefix()}. */
    String exportBucket();

    /** StartExportTask's S3Prefix: RDS writes each export under {@code <export-prefix><export-id>/}. */
    @WithDefault("exports/")
    String exportPrefix();

    /** The lake layout the Glue crawler catalogues: {@code <lake-prefix><db>.<schema>.<table>/…}. */
    @WithDefault("lake/")
    String lakePrefix();

    /** The role RDS assumes to write the export ({@code arn:aws:iam::<account>:role/<name>}). */
    String exportRoleArn();

    /** The KMS key RDS encrypts the export with (ARN, id or alias). */
    String exportKmsKeyArn();

    /** The Glue crawler over the lake prefix. */
    String crawlerName();

    /** The Glue database the crawler writes to (named in CatalogRefreshed). */
    String glueDatabase();

    /** The Athena data catalog named in CatalogRefreshed. */
    @WithDefault("AwsDataCatalog")
    String catalog();

    /**
     * The DB instances and Aurora clusters whose snapshots are exported: exact identifiers, or
     * prefixes ending in {@code *} ({@code app-*}). Snapshots of anything else are acknowledged and logged.
     */
    List<String> sources();

    /** StartExportTask's ExportOnly ({@code db}, {@code db.schema}, {@code db.schema.table}); all tables when absent. */
    Optional<List<String>> exportOnly();

    /** Prefix of the deterministic export task id ({@code <prefix>-<snapshot>-<hash>}). */
    @WithDefault("lake")
    String exportIdPrefix();

    /**
     * How often exports waiting for their crawl are checked against GetCrawler, in case the crawler's
     * state-change event never arrives (the events normally settle them at once).
     */
    @WithDefault("PT1M")
    Duration crawlPollInterval();

    Layout layout();

    Move move();

    Retry retry();

    Receive receive();

    Aws aws();

    interface Layout {
        /** {@code replace}: the lake keeps the latest export of each table; {@code snapshots}: one partition per export. */
        @WithDefault("replace")
        LayoutMode mode();

        /**
         * In {@code replace} mode: a table the lake holds from a source whose next export no longer has it (dropped at
         * the source) is removed from the lake and from the Glue database.
         */
        @WithDefault("true")
        boolean dropMissingTables();

        /** In {@code snapshots} mode, how many {@code snapshot_date=} partitions each table keeps. */
        @WithDefault("7")
        int retention();

        /**
         * In {@code replace} mode, how long the previous export of a table stays in the lake after the table was
         * switched to the next: queries that started before the switch still read it. Longer than the longest query
         * (Athena's DML query timeout is 30 minutes by default and can be raised to 240).
         */
        @WithDefault("PT6H")
        Duration retireAfter();
    }

    enum LayoutMode {
        replace, snapshots
    }

    interface Move {
        /** Server-side copies in flight at once. */
        @WithDefault("16")
        int concurrency();

        /** Objects above this size are copied in parts (a single CopyObject is limited to 5 GiB). */
        @WithDefault("5368709120")
        long multipartThresholdBytes();

        /** Part size of multipart copies. */
        @WithDefault("536870912")
        long partSizeBytes();
    }

    /** How {@code rds-events} is received (the SQS edge's poller). */
    interface Receive {
        /** Long polling. */
        @WithDefault("20")
        int waitSeconds();

        /** Messages handled concurrently (and so at most received at once). */
        @WithDefault("4")
        int maxMessages();

        /** A message stays invisible while it is handled; a longer move is resumed from its progress by the next receive. */
        @WithDefault("900")
        int visibilityTimeoutSeconds();
    }

    /** Visibility back-off: how long a message stays invisible before the next attempt. */
    interface Retry {
        /** RDS answered ExportTaskLimitReached (5 exports running). */
        @WithDefault("PT5M")
        Duration exportQuota();

        /** The export of a completion event is not COMPLETE yet, or not found yet. */
        @WithDefault("PT2M")
        Duration exportNotReady();

        /** StartCrawler answered CrawlerRunningException. */
        @WithDefault("PT2M")
        Duration crawlerRunning();

        /** Any other failure of a remote call (throttling, 5xx, network). */
        @WithDefault("PT30S")
        Duration transientFailure();

        /** The back-off doubles with every receive of the same message, up to this (SQS allows 12 hours). */
        @WithDefault("PT1H")
        Duration maxDelay();
    }

    interface Aws {
        /** The region: AWS_REGION (set in ECS) unless configured. */
        @WithDefault("${AWS_REGION:us-east-1}")
        String region();

        /** Endpoint override for RDS (absent in AWS). */
        Optional<URI> rdsEndpoint();

        Optional<URI> glueEndpoint();

        Optional<URI> s3Endpoint();

        Optional<URI> sqsEndpoint();

        /** Path-style S3 addressing, for S3-compatible stand-ins. */
        @WithDefault("false")
        boolean s3PathStyle();

        /** Static credentials (local runs only); absent in AWS, where the default chain (task role) applies. */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        @WithDefault("PT2M")
        Duration apiCallTimeout();
    }
}
