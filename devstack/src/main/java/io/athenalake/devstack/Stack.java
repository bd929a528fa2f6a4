package io.athenalake.devstack;

import io.athenalake.devstack.athena.AthenaApi;
import io.athenalake.devstack.athena.LambdaCatalogs;
import io.athenalake.devstack.aws.AwsApiServer;
import io.athenalake.devstack.aws.AwsJson;
import io.athenalake.devstack.events.EventBridge;
import io.athenalake.devstack.glue.Crawlers;
import io.athenalake.devstack.glue.GlueApi;
import io.athenalake.devstack.glue.GlueCatalog;
import io.athenalake.devstack.lambda.LambdaApi;
import io.athenalake.devstack.postgres.PostgresServer;
import io.athenalake.devstack.rds.RdsApi;
import io.athenalake.devstack.s3.S3MockServer;
import io.athenalake.devstack.secrets.SecretsManagerApi;
import io.athenalake.devstack.sqs.ElasticMqServer;
import io.athenalake.devstack.sts.StsApi;
import io.athenalake.devstack.trino.TrinoDistribution;
import io.athenalake.devstack.trino.TrinoServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A running devstack: every component started by this launcher itself, in parallel, and stopped
 * together. Used by tests (through {@link DevStack#shared()}), by the local run and by benchmarks.
 */
public final class Stack implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";
    public static final String ACCESS_KEY_ID = "devstack";
    public static final String SECRET_ACCESS_KEY = "devstack-secret";
    public static final String RESULTS_BUCKET = "athena-results";
    public static final String LAKE_BUCKET = "lake";
    /** Overrides where the devstack's own Trino plugins are (see {@link #devstackTrinoPlugins()}). */
    public static final String TRINO_PLUGINS_PROPERTY = "devstack.trino-plugins-dir";
    /** The queues athena-lake's services talk over, each with a dead-letter queue (as infra provisions them). */
    public static final List<String> QUEUES = List.of("rds-events", "lake-events", "query-requests", "query-results");
    /**
     * The FIFO queues, each with a FIFO dead-letter queue: listed under these names, their SQS names end in
     * {@code .fifo} ({@code schedule-firings.fifo}, {@code schedule-firings-dlq.fifo}).
     */
    public static final List<String> FIFO_QUEUES = List.of("schedule-firings");

    private static final Logger LOG = Logger.getLogger(Stack.class.getName());

    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<CompletableFuture<?>> starting = new ArrayList<>();
    private final Map<String, Duration> startTimes = new LinkedHashMap<>();
    private DevStackEndpoints endpoints;
    private final Map<String, Long> processes = new LinkedHashMap<>();

    private Stack() {
    }

    /** Starts everything; on any failure, stops what had started and rethrows. */
    public static Stack start(Path workDir) {
        Stack stack = new Stack();
        try {
            stack.startAll(workDir);
            return stack;
        } catch (RuntimeException | IOException e) {
            stack.awaitStarting();
            stack.close();
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UncheckedIOException((IOException) e);
        }
    }

    private void startAll(Path workDir) throws IOException {
        long begin = System.nanoTime();
        Properties servers = serverPaths();
        Path cacheDir = Path.of(System.getProperty("devstack.cache-dir",
                System.getProperty("user.home") + "/.cache/athena-lake"));

        CompletableFuture<ElasticMqServer> sqs = async("sqs (ElasticMQ)", () -> ElasticMqServer.start(REGION, ACCOUNT_ID));
        int s3Port = io.athenalake.devstack.process.Ports.free();
        String s3Endpoint = "http://127.0.0.1:" + s3Port;
        CompletableFuture<S3MockServer> s3 = async("s3 (S3Mock)", () -> io(() -> S3MockServer.start(
                Path.of(servers.getProperty("s3mock.jar")), s3Port, workDir.resolve("s3"), workDir.resolve("logs/s3mock.log"))));
        CompletableFuture<PostgresServer> postgres = async("postgresql",
                () -> io(() -> PostgresServer.start(workDir.resolve("postgres"))));
        CompletableFuture<Path> trinoHome = async("trino unpack", () -> io(() -> TrinoDistribution.unpacked(
                Path.of(servers.getProperty("trino.tarball")), servers.getProperty("trino.version"), cacheDir)));

        // The API endpoint is up first (its port goes into Trino's Glue metastore); APIs join as their backends start.
        AwsApiServer aws = new AwsApiServer(List.of(), List.of());
        started.add(aws);
        SecretsManagerApi secrets = new SecretsManagerApi(REGION, ACCOUNT_ID);
        aws.register(secrets);
        aws.register(new StsApi(ACCOUNT_ID));
        LambdaApi lambda = new LambdaApi(REGION, ACCOUNT_ID, workDir.resolve("lambda"), functionEnvironment(aws.endpoint(), s3Endpoint));
        started.add(lambda);
        aws.register(lambda);
        aws.registerAdmin("lambda/functions", lambda::createFunction);

        PostgresServer postgresServer = join(postgres);
        Path home = join(trinoHome);
        CompletableFuture<TrinoServer> trino = async("trino", () -> io(() -> TrinoServer.start(home,
                workDir.resolve("trino"), catalogs(aws.endpoint(), s3Endpoint, postgresServer), devstackTrinoPlugins(),
                System.getProperty("devstack.trino-heap", "2G"))));

        S3MockServer s3Server = join(s3);
        S3Client s3Client = s3Client(s3Server.endpoint());
        started.add(s3Client);
        for (String bucket : List.of(RESULTS_BUCKET, LAKE_BUCKET)) {
            s3Client.createBucket(b -> b.bucket(bucket));
        }
        ElasticMqServer sqsServer = join(sqs);
        SqsClient sqsClient = sqsClient(sqsServer.endpoint());
        started.add(sqsClient);
        Map<String, String> queueUrls = createQueues(sqsClient);
        EventBridge events = new EventBridge(sqsClient, queueUrls.get("rds-events"), REGION, ACCOUNT_ID);

        GlueCatalog glueCatalog = new GlueCatalog(ACCOUNT_ID);
        glueCatalog.createDatabase(AwsJson.MAPPER.createObjectNode().put("Name", "default")
                .put("Description", "Default Hive database").put("LocationUri", "s3://" + LAKE_BUCKET + "/default/"));
        Crawlers crawlers = new Crawlers(glueCatalog, s3Client, events);
        started.add(crawlers);
        aws.register(new GlueApi(glueCatalog, crawlers));

        TrinoServer trinoServer = join(trino);
        LambdaCatalogs lambdaCatalogs = new LambdaCatalogs(trinoServer.jdbcUrl(), aws.endpoint(), s3Endpoint, REGION,
                ACCESS_KEY_ID, SECRET_ACCESS_KEY, ACCOUNT_ID);
        AthenaApi athena = new AthenaApi(trinoServer.jdbcUrl(), s3Client, "s3://" + RESULTS_BUCKET + "/", lambdaCatalogs, List.of(
                AthenaApi.glueCatalog("AwsDataCatalog", ACCOUNT_ID),
                AthenaApi.lambdaCatalog("postgresql", "The RDS PostgreSQL database (devstack)",
                        "arn:aws:lambda:" + REGION + ":" + ACCOUNT_ID + ":function:postgresql-connector"),
                AthenaApi.lambdaCatalog("tpch", "TPC-H generated data, for tests and benchmarks (devstack only)",
                        "arn:aws:lambda:" + REGION + ":" + ACCOUNT_ID + ":function:tpch-connector")));
        started.add(athena);
        aws.register(athena);
        aws.registerAdmin("athena/running-time", athena::runningTime);
        RdsApi rds = new RdsApi(REGION, ACCOUNT_ID, s3Client, events, trinoServer.jdbcUrl(), postgresServer.jdbcUrl(),
                PostgresServer.USER, PostgresServer.PASSWORD, PostgresServer.DATABASE);
        started.add(rds);
        aws.register(rds);
        aws.registerAdmin("rds/automated-snapshot", rds::automatedSnapshot);
        aws.registerAdmin("rds/export-failure", rds::exportFailure);
        startTimes.put("total", Duration.ofNanos(System.nanoTime() - begin));

        processes.put("the JVM running the stack (ElasticMQ, emulated APIs, and its host)", ProcessHandle.current().pid());
        processes.put("s3mock", s3Server.pid());
        processes.put("postgresql", postgresServer.pid());
        processes.put("trino", trinoServer.pid());
        endpoints = new DevStackEndpoints(REGION, ACCOUNT_ID, ACCESS_KEY_ID, SECRET_ACCESS_KEY, aws.endpoint(),
                s3Server.endpoint(), sqsServer.endpoint(), trinoServer.jdbcUrl(), postgresServer.jdbcUrl(),
                PostgresServer.USER, PostgresServer.PASSWORD, RESULTS_BUCKET, LAKE_BUCKET, queueUrls,
                ProcessHandle.current().pid());
    }

    /**
     * What a hosted function's environment holds besides its own variables: the region, the credentials its execution
     * role would give it, and the SDK's standard endpoint variables pointing at the devstack.
     */
    private static Map<String, String> functionEnvironment(String awsEndpoint, String s3Endpoint) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_REGION", REGION);
        environment.put("AWS_DEFAULT_REGION", REGION);
        environment.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
        environment.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
        environment.put("AWS_ENDPOINT_URL", awsEndpoint);
        environment.put("AWS_ENDPOINT_URL_S3", s3Endpoint);
        return environment;
    }

    /**
     * The devstack's own Trino plugins ({@code athena-lambda}), packaged beside the launcher in {@code dist/trino-plugins}
     * (or {@code -Ddevstack.trino-plugins-dir}); none when the devstack runs from a build that lacks them.
     */
    static List<Path> devstackTrinoPlugins() {
        Path folder;
        String configured = System.getProperty(TRINO_PLUGINS_PROPERTY);
        if (configured != null) {
            folder = Path.of(configured);
        } else {
            try {
                Path code = Path.of(Stack.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                // dist/devstack.jar → dist/trino-plugins; target/classes (tests, benchmarks) → target/dist/trino-plugins
                folder = java.nio.file.Files.isRegularFile(code) ? code.resolveSibling("trino-plugins")
                        : code.resolveSibling("dist").resolve("trino-plugins");
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        if (!java.nio.file.Files.isDirectory(folder)) {
            LOG.warning("No devstack Trino plugins at " + folder + ": Athena's CreateDataCatalog (LAMBDA) will fail."
                    + " Build the devstack with Maven (mvn -pl devstack -am package).");
            return List.of();
        }
        try (var plugins = java.nio.file.Files.list(folder)) {
            return plugins.filter(java.nio.file.Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Trino catalogs: the Glue-backed lake (Hive over S3), the "RDS" database, and TPC-H. */
    private static Map<String, Map<String, String>> catalogs(String awsEndpoint, String s3Endpoint, PostgresServer postgres) {
        Map<String, String> lake = new LinkedHashMap<>();
        lake.put("connector.name", "hive");
        // The emulated Glue API is Trino's metastore: what the crawler registers is what queries see.
        lake.put("hive.metastore", "glue");
        lake.put("hive.metastore.glue.endpoint-url", awsEndpoint);
        lake.put("hive.metastore.glue.region", REGION);
        lake.put("hive.metastore.glue.aws-access-key", ACCESS_KEY_ID);
        lake.put("hive.metastore.glue.aws-secret-key", SECRET_ACCESS_KEY);
        lake.put("hive.metastore.glue.default-warehouse-dir", "s3://" + LAKE_BUCKET + "/warehouse");
        lake.put("hive.metastore.glue.skip-archive", "true");
        lake.put("hive.metastore.glue.partitions-segments", "1");
        lake.put("hive.table-statistics-enabled", "false");
        lake.put("hive.collect-column-statistics-on-write", "false");
        lake.put("hive.metastore-stats-cache-ttl", "0s");
        lake.put("hive.non-managed-table-writes-enabled", "true");
        lake.put("hive.storage-format", "PARQUET");
        // Athena reads every object under a table's location, sub-folders included ("Athena reads all data stored
        // in the Amazon S3 folder that you specify", tables-location-format): so does the emulation
        lake.put("hive.recursive-directories", "true");
        lake.put("hive.max-partitions-per-writers", "1000");
        lake.put("fs.native-s3.enabled", "true");
        lake.put("s3.endpoint", s3Endpoint);
        lake.put("s3.region", REGION);
        lake.put("s3.path-style-access", "true");
        lake.put("s3.aws-access-key", ACCESS_KEY_ID);
        lake.put("s3.aws-secret-key", SECRET_ACCESS_KEY);

        Map<String, String> rds = new LinkedHashMap<>();
        rds.put("connector.name", "postgresql");
        rds.put("connection-url", postgres.jdbcUrl());
        rds.put("connection-user", PostgresServer.USER);
        rds.put("connection-password", PostgresServer.PASSWORD);
        rds.put("unsupported-type-handling", "CONVERT_TO_VARCHAR");

        Map<String, Map<String, String>> catalogs = new LinkedHashMap<>();
        catalogs.put("awsdatacatalog", lake);
        catalogs.put("postgresql", rds);
        // Standard TPC-H column names (n_name, l_quantity...), so TPC-H SQL runs as written.
        catalogs.put("tpch", Map.of("connector.name", "tpch", "tpch.column-naming", "STANDARD"));
        return catalogs;
    }

    private static Map<String, String> createQueues(SqsClient sqs) {
        Map<String, String> urls = new LinkedHashMap<>();
        for (String queue : QUEUES) {
            createQueue(sqs, queue, false, urls);
        }
        for (String queue : FIFO_QUEUES) {
            createQueue(sqs, queue, true, urls);
        }
        return urls;
    }

    /** A queue and its dead-letter queue (FIFO: both, as SQS requires), redrive after 5 receives, 30 s visibility. */
    private static void createQueue(SqsClient sqs, String queue, boolean fifo, Map<String, String> urls) {
        String suffix = fifo ? ".fifo" : "";
        Map<QueueAttributeName, String> kind = fifo
                ? Map.of(QueueAttributeName.FIFO_QUEUE, "true", QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false")
                : Map.of();
        String dlqUrl = sqs.createQueue(b -> b.queueName(queue + "-dlq" + suffix).attributes(kind)).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>(kind);
        attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"5\"}");
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, "30");
        String url = sqs.createQueue(b -> b.queueName(queue + suffix).attributes(attributes)).queueUrl();
        urls.put(queue, url);
        urls.put(queue + "-dlq", dlqUrl);
    }

    private static SqsClient sqsClient(String endpoint) {
        return SqsClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public static S3Client s3Client(String endpoint) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    }

    /** Lets components still starting finish, so that a failed start can stop them too. */
    private void awaitStarting() {
        for (CompletableFuture<?> future : starting) {
            try {
                future.join();
            } catch (RuntimeException ignored) {
                // the failure that matters is already being reported
            }
        }
    }

    private <T> CompletableFuture<T> async(String name, Supplier<T> start) {
        CompletableFuture<T> future = CompletableFuture.supplyAsync(() -> {
            long begin = System.nanoTime();
            T component = start.get();
            synchronized (this) {
                startTimes.put(name, Duration.ofNanos(System.nanoTime() - begin));
                if (component instanceof AutoCloseable closeable) {
                    started.add(closeable);
                }
            }
            LOG.info(() -> name + " started in " + startTimes.get(name).toMillis() + " ms");
            return component;
        });
        starting.add(future);
        return future;
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private static <T> T io(IoSupplier<T> supplier) {
        try {
            return supplier.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where Maven resolved the server artifacts (filled in at build time). */
    static Properties serverPaths() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Stack.class.getResourceAsStream("servers.properties")) {
            if (in == null) {
                throw new IllegalStateException("servers.properties missing: build the devstack with Maven");
            }
            properties.load(in);
        }
        return properties;
    }

    public DevStackEndpoints endpoints() {
        return endpoints;
    }

    /** The stack's processes by name (the JVM running it included), for measurements. */
    public Map<String, Long> processes() {
        return new LinkedHashMap<>(processes);
    }

    /** How long each component took to start, and the whole stack ({@code total}). */
    public synchronized Map<String, Duration> startTimes() {
        return new LinkedHashMap<>(startTimes);
    }

    @Override
    public synchronized void close() {
        List<AutoCloseable> reversed = new ArrayList<>(started);
        java.util.Collections.reverse(reversed);
        for (AutoCloseable component : reversed) {
            try {
                component.close();
            } catch (Exception e) {
                LOG.warning("stopping " + component.getClass().getSimpleName() + " failed: " + e);
            }
        }
        started.clear();
    }
}
