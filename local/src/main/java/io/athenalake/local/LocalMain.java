package io.athenalake.local;

import io.athenalake.devstack.DevStackEndpoints;
import io.athenalake.devstack.DevStackMain;
import io.athenalake.devstack.Stack;
import io.athenalake.devstack.process.Ports;
import io.athenalake.local.launcher.LocalSystem;
import io.athenalake.local.sample.SampleData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code ./run-local.sh}: the devstack in this JVM, then {@link LocalSystem} on it, a banner saying what to
 * try, and everything stopped on Ctrl-C (services first, then the devstack; every child process runs
 * behind the devstack's watchdog, so even a {@code kill -9} of this JVM leaves nothing behind).
 *
 * <p>Options: {@code --work-dir} (default {@code .local}), {@code --devstack-dir} (default {@code .devstack}),
 * {@code --query-port} (default 8080, or any free port when 8080 is taken).
 */
public final class LocalMain {

    private LocalMain() {
    }

    public static void main(String[] args) throws Exception {
        quietLibraries();
        Map<String, String> options = DevStackMain.options(args);
        Path root = Path.of("").toAbsolutePath();
        Path workDir = root.resolve(options.getOrDefault("--work-dir", ".local"));
        Path devstackDir = root.resolve(options.getOrDefault("--devstack-dir", ".devstack"));
        int wantedPort = Integer.parseInt(options.getOrDefault("--query-port", "8080"));
        int queryPort = Ports.accepting(wantedPort) ? 0 : wantedPort;

        // like the services' packages, the devstack's own Trino plugin (Athena's LAMBDA catalogs, e.g. minio) is a
        // build product of its module: dist/trino-plugins, which this launcher's dist does not carry
        System.setProperty(Stack.TRINO_PLUGINS_PROPERTY, System.getProperty(Stack.TRINO_PLUGINS_PROPERTY,
                root.resolve("devstack/target/dist/trino-plugins").toString()));

        long begin = System.nanoTime();
        System.out.println("Starting the devstack (the first start unpacks Trino, ~1 minute)...");
        Stack stack = Stack.start(devstackDir);
        CountDownLatch stopped = new CountDownLatch(1);
        LocalSystem[] system = new LocalSystem[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping athena-lake...");
            if (system[0] != null) {
                system[0].close();
            }
            stack.close();
            System.out.println("Stopped.");
            stopped.countDown();
        }, "local-shutdown"));
        DevStackEndpoints endpoints = stack.endpoints();
        Files.writeString(devstackDir.resolve("endpoints.env"), DevStackMain.environment(endpoints));
        System.out.println("Loading the sample data, registering the catalogs, starting export-service and query-service...");
        try {
            system[0] = LocalSystem.start(endpoints, root, workDir, queryPort);
        } catch (RuntimeException e) {
            System.err.println("\nathena-lake did not start: " + e.getMessage());
            System.exit(1);
        }
        System.out.println(Banner.of(system[0], endpoints, devstackDir, Duration.ofNanos(System.nanoTime() - begin)));
        stopped.await();
    }

    /** Held, because java.util.logging keeps loggers only weakly: a collected logger forgets its level. */
    private static final List<Logger> QUIET = new ArrayList<>();

    private static void quietLibraries() {
        for (String noisy : new String[] {"org.elasticmq", "org.apache.pekko", "io.zonky", "software.amazon.awssdk"}) {
            Logger logger = Logger.getLogger(noisy);
            logger.setLevel(Level.WARNING);
            QUIET.add(logger);
        }
    }

    /** What is running, and what to try next. Promises only what works. */
    static final class Banner {

        private Banner() {
        }

        static String of(LocalSystem system, DevStackEndpoints e, Path devstackDir, Duration took) {
            StringBuilder out = new StringBuilder();
            Path root = Path.of("").toAbsolutePath();
            out.append("\n== athena-lake is running locally (").append(took.toSeconds()).append(" s) ==\n\n");
            out.append("Services (JVM mode, normal profile; logs in ").append(root.relativize(system.workDir().resolve("logs"))).append("/)\n");
            out.append("  query-service   ").append(system.queryService().url())
                    .append("   REST /queries (bearer JWT), Swagger UI /q/swagger-ui\n");
            out.append("  export-service  ").append(system.exportService().url()).append("   health /q/health/ready\n");
            out.append("\nDevstack (endpoints also in ").append(root.relativize(devstackDir.resolve("endpoints.env"))).append(")\n");
            out.append("  AWS APIs (Athena, Glue, RDS...) ").append(e.awsEndpoint()).append('\n');
            out.append("  S3 / MinIO (path-style)         ").append(e.s3Endpoint()).append('\n');
            out.append("  SQS                             ").append(e.sqsEndpoint()).append('\n');
            out.append("  PostgreSQL (\"RDS\" app-db)       ").append(e.postgresJdbcUrl()).append("  ")
                    .append(e.postgresUser()).append(" / ").append(e.postgresPassword()).append('\n');
            out.append("  Credentials                     ").append(e.accessKeyId()).append(" / ").append(e.secretAccessKey())
                    .append(", region ").append(e.region()).append('\n');
            out.append("\nSample data\n");
            system.sample().forEach((table, rows) -> out.append("  ").append(String.format("%-72s", table)).append(rows).append(" rows\n"));
            out.append("\nCatalogs\n");
            out.append("  Athena: AwsDataCatalog (Glue), postgresql (the RDS database, live), tpch, ")
                    .append(LocalSystem.MINIO_CATALOG).append(" (MinIO buckets ").append(LocalSystem.MINIO_BUCKET_PREFIX)
                    .append("*, through the connector-service Lambda ").append(LocalSystem.MINIO_FUNCTION).append(")\n");
            out.append("  Glue database ").append(LocalSystem.GLUE_DATABASE).append(", crawler ").append(LocalSystem.CRAWLER)
                    .append(" over s3://").append(LocalSystem.EXPORT_BUCKET).append('/').append(LocalSystem.LAKE_PREFIX)
                    .append(" (empty until the first snapshot)\n");
            out.append("\nQueues: rds-events (EventBridge -> export-service), lake-events (export-service, fanned out to\n"
                    + "  " + LocalSystem.QUERY_SERVICE_LAKE_EVENTS + " and " + LocalSystem.WATCH_LAKE_EVENTS
                    + "), query-requests -> query-service -> query-results\n");
            out.append("query-service runs '").append(LocalSystem.SCHEDULE).append("' every minute (postgresql.")
                    .append(SampleData.SCHEMA).append(") and '").append(LocalSystem.REFRESH_QUERY)
                    .append("' after every crawl of ").append(LocalSystem.GLUE_DATABASE).append(", both announced on query-results\n");
            out.append("\nTry next, in another terminal:\n");
            out.append("  ./athena-lake query --catalog postgresql --database shop \"SELECT country, count(*) AS customers FROM customers GROUP BY country\"\n");
            out.append("  ./athena-lake query --catalog minio --database ").append(SampleData.MINIO_BUCKET)
                    .append(" \"SELECT action, count(*) AS events FROM web_events WHERE event_date = '2026-11-03' GROUP BY action\"\n");
            out.append("  ./athena-lake snapshot                  # RDS snapshot of app-db -> export -> lake -> crawl\n");
            out.append("  ./athena-lake follow lake-events        # ExportStarted, ExportCompleted, CatalogRefreshed\n");
            out.append("  ./athena-lake query --database ").append(LocalSystem.GLUE_DATABASE)
                    .append(" \"SELECT status, count(*) AS orders FROM app_shop_orders GROUP BY status\"\n");
            out.append("  ./athena-lake follow query-results      # the schedule every minute, the refresh query after each crawl\n");
            out.append("  ./athena-lake rows <queryExecutionId>   # a result's rows over REST\n");
            out.append("Or with curl:\n");
            out.append("  TOKEN=$(./athena-lake token)\n");
            out.append("  curl -s -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' ")
                    .append(system.queryService().url()).append("/queries \\\n");
            out.append("       -d '{\"sql\":\"SELECT n_name FROM nation LIMIT 3\",\"catalog\":\"tpch\",\"database\":\"tiny\",\"waitSeconds\":10}'\n");
            out.append("\nPress Ctrl-C to stop everything.\n");
            return out.toString();
        }
    }
}
