package io.athenalake.devstack;

import io.athenalake.devstack.bench.BenchReport;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.CrawlerState;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

/**
 * The lake half of the devstack: export throughput of a 100,000-row table (against reading the
 * same rows straight from PostgreSQL) and the crawl of 1,000 parquet files (against listing
 * them and reading each footer's last bytes, the crawl's unavoidable I/O).
 */
class DevStackLakeBenchmark {

    @Test
    void exportThroughputAndCrawlTime() throws Exception {
        BenchReport report = new BenchReport("devstack");
        try (Stack stack = Stack.start(Files.createTempDirectory("devstack-lake-bench"))) {
            DevStackEndpoints e = stack.endpoints();
            StaticCredentialsProvider credentials = Stack.credentials();
            try (RdsClient rds = RdsClient.builder().endpointOverride(URI.create(e.awsEndpoint())).region(Region.of(e.region()))
                    .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
                 GlueClient glue = GlueClient.builder().endpointOverride(URI.create(e.awsEndpoint())).region(Region.of(e.region()))
                         .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
                 AthenaClient athena = AthenaClient.builder().endpointOverride(URI.create(e.awsEndpoint())).region(Region.of(e.region()))
                         .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
                 S3Client s3 = Stack.s3Client(e.s3Endpoint());
                 Connection postgres = DriverManager.getConnection(e.postgresJdbcUrl(), e.postgresUser(), e.postgresPassword())) {
                measureExport(report, rds, s3, postgres);
                measureCrawl(report, glue, athena, s3);
            }
        }
        System.out.println("wrote " + report.write());
    }

    private static void measureExport(BenchReport report, RdsClient rds, S3Client s3, Connection postgres) throws Exception {
        try (Statement statement = postgres.createStatement()) {
            statement.execute("CREATE SCHEMA bench");
            statement.execute("CREATE TABLE bench.orders AS SELECT g AS id, 1 + g % 3 AS customer_id, "
                    + "TIMESTAMP '2024-01-01' + g * INTERVAL '1 second' AS placed_at, g * 1.25 AS amount, "
                    + "'note ' || g AS note FROM generate_series(1, 100000) AS g");
        }
        long readStart = System.nanoTime();
        long rows = 0;
        try (Statement statement = postgres.createStatement()) {
            statement.setFetchSize(10_000);
            postgres.setAutoCommit(false);
            try (ResultSet rs = statement.executeQuery("SELECT * FROM bench.orders")) {
                while (rs.next()) {
                    rows++;
                }
            }
            postgres.setAutoCommit(true);
        }
        double readSeconds = (System.nanoTime() - readStart) / 1e9;

        String arn = rds.createDBSnapshot(b -> b.dbInstanceIdentifier("app-db").dbSnapshotIdentifier("bench-snapshot"))
                .dbSnapshot().dbSnapshotArn();
        s3.createBucket(b -> b.bucket("bench-exports"));
        long exportStart = System.nanoTime();
        rds.startExportTask(b -> b.exportTaskIdentifier("bench-export").sourceArn(arn).s3BucketName("bench-exports")
                .iamRoleArn("arn:aws:iam::000000000000:role/export").kmsKeyId("alias/bench").exportOnly("app.bench"));
        String status;
        do {
            Thread.sleep(50);
            status = rds.describeExportTasks(b -> b.exportTaskIdentifier("bench-export")).exportTasks().get(0).status();
        } while (status.equals("STARTING") || status.equals("IN_PROGRESS"));
        double exportSeconds = (System.nanoTime() - exportStart) / 1e9;
        if (!status.equals("COMPLETE")) {
            throw new IllegalStateException("bench export ended " + status);
        }
        long bytes = s3.listObjectsV2Paginator(b -> b.bucket("bench-exports").prefix("bench-export/app/")).contents()
                .stream().mapToLong(S3Object::size).sum();
        report.figure("snapshot export of a 100,000-row table, rows/s (vs reading the rows from PostgreSQL over JDBC)",
                rows / exportSeconds, "rows/s", rows / readSeconds, "rows/s", "higher");
        report.figure("snapshot export of a 100,000-row table, MB/s of parquet written (vs MB/s if written at JDBC read speed)",
                bytes / 1e6 / exportSeconds, "MB/s", bytes / 1e6 / readSeconds, "MB/s", "higher");
    }

    private static void measureCrawl(BenchReport report, GlueClient glue, AthenaClient athena, S3Client s3) throws Exception {
        String write = athena.startQueryExecution(b -> b.queryString("CREATE TABLE default.bench_files WITH (format = 'PARQUET', "
                + "external_location = 's3://lake/bench-crawl/files/', partitioned_by = ARRAY['part']) AS "
                + "SELECT o_orderkey, o_totalprice, o_comment, CAST(o_orderkey % 1000 AS varchar) AS part FROM tpch.tiny.orders"))
                .queryExecutionId();
        QueryExecutionState state;
        do {
            Thread.sleep(200);
            state = athena.getQueryExecution(b -> b.queryExecutionId(write)).queryExecution().status().state();
        } while (state == QueryExecutionState.QUEUED || state == QueryExecutionState.RUNNING);
        if (state != QueryExecutionState.SUCCEEDED) {
            throw new IllegalStateException("writing 1,000 files ended " + state + ": "
                    + athena.getQueryExecution(b -> b.queryExecutionId(write)).queryExecution().status().stateChangeReason());
        }
        athena.startQueryExecution(b -> b.queryString("DROP TABLE default.bench_files"));

        long rawStart = System.nanoTime();
        List<S3Object> files = s3.listObjectsV2Paginator(b -> b.bucket("lake").prefix("bench-crawl/")).contents().stream().toList();
        for (S3Object file : files) {
            s3.getObjectAsBytes(b -> b.bucket("lake").key(file.key()).range("bytes=" + (file.size() - 8) + "-" + (file.size() - 1)));
        }
        double rawSeconds = (System.nanoTime() - rawStart) / 1e9;

        glue.createCrawler(b -> b.name("bench-crawler").role("glue").databaseName("bench_crawl")
                .targets(t -> t.s3Targets(s -> s.path("s3://lake/bench-crawl/"))));
        long crawlStart = System.nanoTime();
        glue.startCrawler(b -> b.name("bench-crawler"));
        do {
            Thread.sleep(50);
        } while (glue.getCrawler(b -> b.name("bench-crawler")).crawler().state() != CrawlerState.READY);
        double crawlSeconds = (System.nanoTime() - crawlStart) / 1e9;
        int partitions = glue.getPartitionsPaginator(b -> b.databaseName("bench_crawl").tableName("files")).stream()
                .mapToInt(page -> page.partitions().size()).sum();
        if (files.size() < 1000 || partitions != 1000) {
            throw new IllegalStateException("expected 1,000 files and partitions, got " + files.size() + " and " + partitions);
        }
        report.figure("crawl of " + files.size() + " parquet files in 1,000 partitions (vs listing them and reading each footer's tail)",
                crawlSeconds, "s", rawSeconds, "s", "lower");
    }
}
