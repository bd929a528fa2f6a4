package io.athenalake.local.launcher;

import io.athenalake.devstack.DevStackAdmin;
import io.athenalake.devstack.DevStackEndpoints;
import io.athenalake.devstack.process.Ports;
import io.athenalake.local.auth.LocalKeys;
import io.athenalake.local.sample.SampleData;
import software.amazon.awssdk.services.athena.model.AthenaException;
import software.amazon.awssdk.services.athena.model.DataCatalogType;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * athena-lake on one machine, on a running devstack: sample data, the lake's catalog, the lake-events
 * fan-out, export-service and query-service as child processes in their normal (prod) profile, configured
 * as ECS configures them. Used by {@code ./run-local.sh} ({@link io.athenalake.local.LocalMain}) and, on the
 * build's shared devstack, by the end-to-end tests — the same code either way.
 */
public final class LocalSystem implements AutoCloseable {

    /** The bucket RDS exports into; the lake lives in it under {@value #LAKE_PREFIX}. */
    public static final String EXPORT_BUCKET = "rds-exports";
    public static final String EXPORT_PREFIX = "exports/";
    public static final String LAKE_PREFIX = "lake/";
    public static final String GLUE_DATABASE = "rds_lake";
    /** Where the crawler catalogues every export folder; export-service switches {@value #GLUE_DATABASE}'s tables. */
    public static final String GLUE_STAGING_DATABASE = "rds_lake_staging";
    public static final String CRAWLER = "rds-lake-crawler";
    /** Athena's data catalog of the MinIO store, the connector-service Lambda behind it and what it is given. */
    public static final String MINIO_CATALOG = "minio";
    public static final String MINIO_FUNCTION = "athena-lake-minio-connector";
    public static final String MINIO_BUCKET_PREFIX = "minio-";
    public static final String MINIO_SECRET = "athena-lake/minio";
    public static final String MINIO_SPILL_BUCKET = "athena-spill";
    /** query-service's own subscription to lake-events, and the command line's. */
    public static final String QUERY_SERVICE_LAKE_EVENTS = "lake-events-query-service";
    public static final String WATCH_LAKE_EVENTS = "lake-events-watch";
    /** The refresh query run after every crawl of the lake, and the schedule. */
    public static final String REFRESH_QUERY = "order-lines";
    public static final String SCHEDULE = "orders-by-status";
    public static final String ORDER_LINES_SQL = """
            SELECT i.order_id, i.line_no, c.email, i.product_sku, i.quantity, i.unit_price
            FROM app_shop_order_items i
            JOIN app_shop_orders o ON o.order_id = i.order_id
            JOIN app_shop_customers c ON c.customer_id = o.customer_id
            ORDER BY i.order_id, i.line_no""".replace('\n', ' ');
    public static final String ORDERS_BY_STATUS_SQL =
            "SELECT status, count(*) AS orders FROM orders GROUP BY status ORDER BY status";

    private final DevStackEndpoints stack;
    private final Path projectRoot;
    private final Path workDir;
    private final LocalAws aws;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<String, Long> sample = new LinkedHashMap<>();
    private Map<String, String> queues;
    private LocalKeys keys;
    private ServiceProcess exportService;
    private ServiceProcess queryService;

    private LocalSystem(DevStackEndpoints stack, Path projectRoot, Path workDir) {
        this.stack = stack;
        this.projectRoot = projectRoot;
        this.workDir = workDir;
        this.aws = LocalAws.on(stack);
    }

    /**
     * Starts everything on {@code stack}; the services' packaged apps are found under {@code projectRoot}, logs,
     * keys and the state file go to {@code workDir}. query-service listens on {@code queryServicePort} (0: any).
     */
    public static LocalSystem start(DevStackEndpoints stack, Path projectRoot, Path workDir, int queryServicePort) {
        LocalSystem system = new LocalSystem(stack, projectRoot.toAbsolutePath(), workDir.toAbsolutePath());
        try {
            system.startAll(queryServicePort == 0 ? Ports.free() : queryServicePort);
            return system;
        } catch (RuntimeException | IOException | SQLException | GeneralSecurityException e) {
            system.close();
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("the local system did not start: " + e.getMessage(), e);
        }
    }

    private void startAll(int queryServicePort) throws IOException, SQLException, GeneralSecurityException {
        Files.createDirectories(workDir);
        LocalState.delete(workDir);
        keys = LocalKeys.in(workDir.resolve("keys"));
        sample.putAll(SampleData.load(stack, aws.s3));
        registerLakeCatalog();
        registerMinioConnector();
        queues = createLakeEventSubscriptions();
        started.add(new LakeEventsFanOut(aws.sqs, queues.get("lake-events"),
                List.of(queues.get(QUERY_SERVICE_LAKE_EVENTS), queues.get(WATCH_LAKE_EVENTS))));

        int exportServicePort = Ports.free();
        exportService = new ServiceProcess("export-service", app("export-service"), workDir.resolve("export-service"),
                workDir.resolve("logs/export-service.log"), exportServicePort, exportServiceEnvironment(exportServicePort));
        queryService = new ServiceProcess("query-service", app("query-service"), workDir.resolve("query-service"),
                workDir.resolve("logs/query-service.log"), queryServicePort, queryServiceEnvironment(queryServicePort));
        writeQueryServiceQueries(workDir.resolve("query-service"));
        started.add(exportService);
        started.add(queryService);
        exportService.launch();
        queryService.launch();
        exportService.awaitReady();
        queryService.awaitReady();
        state().write(workDir);
    }

    private Path app(String service) {
        return projectRoot.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** The lake's Glue database and the crawler export-service starts after each move (as infra's snapshot-export module makes them). */
    private void registerLakeCatalog() {
        try {
            aws.s3.createBucket(b -> b.bucket(EXPORT_BUCKET));
        } catch (BucketAlreadyOwnedByYouException e) {
            // started before on this devstack
        }
        try {
            aws.glue.createDatabase(b -> b.databaseInput(d -> d.name(GLUE_DATABASE)
                    .description("RDS snapshot exports of app-db: each table switched to its latest export by export-service")));
        } catch (AlreadyExistsException e) {
            // started before on this devstack
        }
        try {
            aws.glue.createDatabase(b -> b.databaseInput(d -> d.name(GLUE_STAGING_DATABASE)
                    .description("Every export folder of the lake, crawled by " + CRAWLER + "; not for queries")));
        } catch (AlreadyExistsException e) {
            // started before on this devstack
        }
        try {
            // as infra's snapshot-export module in the replace layout: table folders (level 2) into the staging database
            aws.glue.createCrawler(b -> b.name(CRAWLER).role("arn:aws:iam::" + stack.accountId() + ":role/glue-crawler")
                    .databaseName(GLUE_STAGING_DATABASE)
                    .configuration("{\"Version\":1.0,\"Grouping\":{\"TableGroupingPolicy\":\"CombineCompatibleSchemas\","
                            + "\"TableLevelConfiguration\":2}}")
                    .targets(t -> t.s3Targets(s -> s.path("s3://" + EXPORT_BUCKET + "/" + LAKE_PREFIX)))
                    .schemaChangePolicy(p -> p.updateBehavior("UPDATE_IN_DATABASE").deleteBehavior("DELETE_FROM_DATABASE")));
        } catch (AlreadyExistsException e) {
            // started before on this devstack
        }
    }

    /**
     * connector-service, the MinIO Lambda, as infra's {@code minio-connector} module deploys it: its
     * {@code function.zip} hosted on the devstack's Lambda, its store's credentials in Secrets Manager, a spill
     * bucket, and Athena's {@value #MINIO_CATALOG} data catalog (type LAMBDA) pointing at it, so that
     * {@code SELECT … FROM minio."minio-sales".web_events} runs through the connector as on AWS. Buckets named
     * {@value #MINIO_BUCKET_PREFIX}… are its databases.
     */
    private void registerMinioConnector() throws IOException {
        Path zip = projectRoot.resolve("connector-service/target/function.zip");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " is missing: build it with mvn -DskipTests -pl local -am package");
        }
        try {
            aws.s3.createBucket(b -> b.bucket(MINIO_SPILL_BUCKET));
        } catch (BucketAlreadyOwnedByYouException e) {
            // started before on this devstack
        }
        String server = URI.create(stack.s3Endpoint()).getAuthority();
        String credentials = "{\"access_key\":\"" + stack.accessKeyId() + "\",\"secret_key\":\"" + stack.secretAccessKey()
                + "\",\"server\":\"" + server + "\"}";
        try {
            aws.secrets.createSecret(b -> b.name(MINIO_SECRET).secretString(credentials)
                    .description("the MinIO store connector-service reads"));
        } catch (ResourceExistsException e) {
            aws.secrets.putSecretValue(b -> b.secretId(MINIO_SECRET).secretString(credentials));
        }
        Map<String, String> environment = new TreeMap<>();
        // what infra/modules/minio-connector sets
        environment.put("AWS_SECRET", MINIO_SECRET);
        environment.put("SCHEME", "http");
        environment.put("BUCKET_PREFIX", MINIO_BUCKET_PREFIX);
        environment.put("TABLES_PATH", SampleData.MINIO_TABLES_PATH.substring(0, SampleData.MINIO_TABLES_PATH.length() - 1));
        environment.put("TARGET_BUCKET", MINIO_SPILL_BUCKET);
        environment.put("JAVA_TOOL_OPTIONS", "--add-opens=java.base/java.nio=ALL-UNNAMED");
        // the devstack's endpoints, which AWS does not need
        environment.put("CONNECTOR_SECRETS_MANAGER_ENDPOINT", stack.awsEndpoint());
        environment.put("CONNECTOR_ATHENA_ENDPOINT", stack.awsEndpoint());
        environment.put("CONNECTOR_SPILL_S3_ENDPOINT", stack.s3Endpoint());
        String functionArn = DevStackAdmin.on(stack).hostFunction(MINIO_FUNCTION, zip,
                "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest", Duration.ofMinutes(5), 1024, environment);
        try {
            aws.athena.deleteDataCatalog(b -> b.name(MINIO_CATALOG));
        } catch (AthenaException e) {
            // not registered yet on this devstack
        }
        aws.athena.createDataCatalog(b -> b.name(MINIO_CATALOG).type(DataCatalogType.LAMBDA)
                .description("parquet in MinIO, through connector-service").parameters(Map.of("function", functionArn)));
    }

    /** query-service's and the command line's subscriptions to lake-events (see {@link LakeEventsFanOut}). */
    private Map<String, String> createLakeEventSubscriptions() {
        Map<String, String> urls = new LinkedHashMap<>(stack.queueUrls());
        String dlq = aws.sqs.createQueue(b -> b.queueName(QUERY_SERVICE_LAKE_EVENTS + "-dlq")).queueUrl();
        String dlqArn = aws.sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        urls.put(QUERY_SERVICE_LAKE_EVENTS + "-dlq", dlq);
        urls.put(QUERY_SERVICE_LAKE_EVENTS, aws.sqs.createQueue(b -> b.queueName(QUERY_SERVICE_LAKE_EVENTS).attributes(Map.of(
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"5\"}")))
                .queueUrl());
        urls.put(WATCH_LAKE_EVENTS, aws.sqs.createQueue(b -> b.queueName(WATCH_LAKE_EVENTS)).queueUrl());
        return urls;
    }

    private Map<String, String> exportServiceEnvironment(int port) {
        Map<String, String> env = new TreeMap<>();
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("ATHENA_LAKE_AWS_REGION", stack.region());
        env.put("ATHENA_LAKE_AWS_RDS_ENDPOINT", stack.awsEndpoint());
        env.put("ATHENA_LAKE_AWS_GLUE_ENDPOINT", stack.awsEndpoint());
        env.put("ATHENA_LAKE_AWS_S3_ENDPOINT", stack.s3Endpoint());
        env.put("ATHENA_LAKE_AWS_S3_PATH_STYLE", "true");
        env.put("ATHENA_LAKE_AWS_SQS_ENDPOINT", stack.sqsEndpoint());
        env.put("ATHENA_LAKE_AWS_ACCESS_KEY_ID", stack.accessKeyId());
        env.put("ATHENA_LAKE_AWS_SECRET_ACCESS_KEY", stack.secretAccessKey());
        env.put("ATHENA_LAKE_RDS_EVENTS_QUEUE_URL", stack.queueUrls().get("rds-events"));
        env.put("ATHENA_LAKE_RDS_EVENTS_DLQ_URL", stack.queueUrls().get("rds-events-dlq"));
        env.put("ATHENA_LAKE_LAKE_EVENTS_QUEUE_URL", stack.queueUrls().get("lake-events"));
        env.put("ATHENA_LAKE_EXPORT_BUCKET", EXPORT_BUCKET);
        env.put("ATHENA_LAKE_EXPORT_PREFIX", EXPORT_PREFIX);
        env.put("ATHENA_LAKE_LAKE_PREFIX", LAKE_PREFIX);
        env.put("ATHENA_LAKE_EXPORT_ROLE_ARN", "arn:aws:iam::" + stack.accountId() + ":role/rds-s3-export");
        env.put("ATHENA_LAKE_EXPORT_KMS_KEY_ARN", "arn:aws:kms:" + stack.region() + ":" + stack.accountId()
                + ":key/1234abcd-12ab-34cd-56ef-1234567890ab");
        env.put("ATHENA_LAKE_CRAWLER_NAME", CRAWLER);
        env.put("ATHENA_LAKE_GLUE_DATABASE", GLUE_DATABASE);
        env.put("ATHENA_LAKE_SOURCES", "app-db,app-cluster");
        env.put("ATHENA_LAKE_EXPORT_ONLY", "app." + SampleData.SCHEMA);
        // the devstack's queues make a message visible again after 30 s; a restarted service resumes within that
        env.put("ATHENA_LAKE_RECEIVE_VISIBILITY_TIMEOUT_SECONDS", "30");
        env.put("ATHENA_LAKE_RECEIVE_WAIT_SECONDS", "5");
        // a laptop's patience rather than AWS's: retry within seconds
        env.put("ATHENA_LAKE_RETRY_EXPORT_QUOTA", "PT10S");
        env.put("ATHENA_LAKE_RETRY_EXPORT_NOT_READY", "PT3S");
        env.put("ATHENA_LAKE_RETRY_CRAWLER_RUNNING", "PT3S");
        env.put("ATHENA_LAKE_RETRY_TRANSIENT_FAILURE", "PT3S");
        env.put("ATHENA_LAKE_RETRY_MAX_DELAY", "PT30S");
        return env;
    }

    private Map<String, String> queryServiceEnvironment(int port) {
        Map<String, String> env = new TreeMap<>();
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUERY_SERVICE_AWS_REGION", stack.region());
        env.put("QUERY_SERVICE_AWS_ATHENA_ENDPOINT", stack.awsEndpoint());
        env.put("QUERY_SERVICE_AWS_S3_ENDPOINT", stack.s3Endpoint());
        env.put("QUERY_SERVICE_AWS_S3_PATH_STYLE", "true");
        env.put("QUERY_SERVICE_AWS_SQS_ENDPOINT", stack.sqsEndpoint());
        env.put("QUERY_SERVICE_AWS_ACCESS_KEY_ID", stack.accessKeyId());
        env.put("QUERY_SERVICE_AWS_SECRET_ACCESS_KEY", stack.secretAccessKey());
        env.put("QUERY_SERVICE_QUEUES_REQUESTS", queues.get("query-requests"));
        env.put("QUERY_SERVICE_QUEUES_REQUESTS_DLQ", queues.get("query-requests-dlq"));
        env.put("QUERY_SERVICE_QUEUES_RESULTS", queues.get("query-results"));
        env.put("QUERY_SERVICE_QUEUES_LAKE_EVENTS", queues.get(QUERY_SERVICE_LAKE_EVENTS));
        env.put("QUERY_SERVICE_QUEUES_LAKE_EVENTS_DLQ", queues.get(QUERY_SERVICE_LAKE_EVENTS + "-dlq"));
        env.put("QUERY_SERVICE_QUEUES_SCHEDULE_FIRINGS", queues.get("schedule-firings"));
        env.put("QUERY_SERVICE_QUEUES_SCHEDULE_FIRINGS_DLQ", queues.get("schedule-firings-dlq"));
        // as for export-service: a request a crashed instance held is visible again after 30 s (AWS default: PT5M)
        env.put("QUERY_SERVICE_QUEUES_VISIBILITY_TIMEOUT", "PT30S");
        env.put("QUERY_SERVICE_QUEUES_WAIT_TIME", "PT5S");
        env.put("QUERY_SERVICE_JWT_KEY_LOCATION", "file:" + keys.publicKey());
        env.put("QUERY_SERVICE_JWT_ISSUER", LocalKeys.ISSUER);
        return env;
    }

    /**
     * The schedule and the refresh query, in {@code config/application.properties} of query-service's working
     * folder (Quarkus reads it at start): named entries are clearer there than as environment variables.
     */
    private void writeQueryServiceQueries(Path folder) throws IOException {
        Files.createDirectories(folder.resolve("config"));
        String properties = String.join("\n",
                "# Written by the local launcher at every start (local/README.md). query-service's own settings: query-service/README.md",
                "",
                "# Every minute: open orders by status, straight from the RDS database through the postgresql catalog",
                "query-service.schedules." + SCHEDULE + ".cron=0 * * * * ?",
                "query-service.schedules." + SCHEDULE + ".catalog=postgresql",
                "query-service.schedules." + SCHEDULE + ".database=" + SampleData.SCHEMA,
                "query-service.schedules." + SCHEDULE + ".sql=" + ORDERS_BY_STATUS_SQL,
                "",
                "# After every crawl of the lake (CatalogRefreshed for " + GLUE_DATABASE + "): every order line with its customer",
                "query-service.refresh-queries." + REFRESH_QUERY + ".database=" + GLUE_DATABASE,
                "query-service.refresh-queries." + REFRESH_QUERY + ".sql=" + ORDER_LINES_SQL,
                "");
        Files.writeString(folder.resolve("config/application.properties"), properties);
    }

    /** What the command line needs, as written to {@code local.properties}. */
    public LocalState state() {
        Map<String, String> values = new TreeMap<>();
        values.put("region", stack.region());
        values.put("aws.access-key-id", stack.accessKeyId());
        values.put("aws.secret-access-key", stack.secretAccessKey());
        values.put("aws.endpoint", stack.awsEndpoint());
        values.put("s3.endpoint", stack.s3Endpoint());
        values.put("sqs.endpoint", stack.sqsEndpoint());
        values.put("postgres.jdbc-url", stack.postgresJdbcUrl());
        values.put("postgres.user", stack.postgresUser());
        values.put("postgres.password", stack.postgresPassword());
        values.put("query-service.url", queryService.url());
        values.put("export-service.url", exportService.url());
        values.put("jwt.public-key", keys.publicKey().toString());
        values.put("jwt.private-key", keys.publicKey().resolveSibling("jwt-private.pem").toString());
        queues.forEach((name, url) -> values.put("queue." + name, url));
        return new LocalState(values);
    }

    public ServiceProcess exportService() {
        return exportService;
    }

    public ServiceProcess queryService() {
        return queryService;
    }

    /**
     * A second query-service process with the same configuration (its own port, folder and log), as a second ECS
     * task of the service would be; stopped by the caller, or at the latest with the system.
     */
    public ServiceProcess startQueryServiceReplica() {
        int port = Ports.free();
        Path folder = workDir.resolve("query-service-replica");
        ServiceProcess replica = new ServiceProcess("query-service-replica", app("query-service"), folder,
                workDir.resolve("logs/query-service-replica.log"), port, queryServiceEnvironment(port));
        try {
            writeQueryServiceQueries(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        started.add(replica);
        replica.launch();
        replica.awaitReady();
        return replica;
    }

    public LocalKeys keys() {
        return keys;
    }

    public Map<String, String> queues() {
        return Collections.unmodifiableMap(queues);
    }

    /** Sample tables and their row counts, for the banner. */
    public Map<String, Long> sample() {
        return Collections.unmodifiableMap(sample);
    }

    public Path workDir() {
        return workDir;
    }

    /** Stops the services and the fan-out (not the devstack: whoever started it stops it). */
    @Override
    public void close() {
        List<AutoCloseable> reversed = new ArrayList<>(started);
        Collections.reverse(reversed);
        for (AutoCloseable component : reversed) {
            try {
                component.close();
            } catch (Exception e) {
                System.err.println("stopping " + component + " failed: " + e);
            }
        }
        started.clear();
        try {
            LocalState.delete(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        aws.close();
    }
}
