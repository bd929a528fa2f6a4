package io.athenalake.devstack;

import io.athenalake.devstack.athena.AthenaApi;
import io.athenalake.devstack.athena.DataCatalogs;
import io.athenalake.devstack.athena.LambdaCatalogs;
import io.athenalake.devstack.aws.AwsApiServer;
import io.athenalake.devstack.aws.AwsJson;
import io.athenalake.devstack.events.EventBridge;
import io.athenalake.devstack.glue.CrawlerOperations;
import io.athenalake.devstack.glue.GlueApi;
import io.athenalake.devstack.glue.GlueCatalog;
import io.athenalake.devstack.lambda.LambdaApi;
import io.athenalake.devstack.process.Folders;
import io.athenalake.devstack.postgres.PostgresServer;
import io.athenalake.devstack.rds.RdsApi;
import io.athenalake.devstack.s3.S3MockServer;
import io.athenalake.devstack.secrets.SecretsManagerApi;
import io.athenalake.devstack.sqs.ElasticMqServer;
import io.athenalake.devstack.sqs.LakeQueues;
import io.athenalake.devstack.sts.StsApi;
import io.athenalake.devstack.trino.DevStackPlugins;
import io.athenalake.devstack.trino.TrinoCatalogs;
import io.athenalake.devstack.trino.TrinoDistribution;
import io.athenalake.devstack.trino.TrinoServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

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
    /** Overrides where the devstack's own Trino plugins are ({@link DevStackPlugins}). */
    public static final String TRINO_PLUGINS_PROPERTY = DevStackPlugins.PROPERTY;

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
                workDir.resolve("trino"), TrinoCatalogs.of(aws.endpoint(), s3Endpoint, REGION, ACCESS_KEY_ID, SECRET_ACCESS_KEY,
                        LAKE_BUCKET, new TrinoCatalogs.Database(postgresServer.jdbcUrl(), PostgresServer.USER,
                                PostgresServer.PASSWORD), Folders.fresh(workDir.resolve("unload-metastore"))),
                DevStackPlugins.folders(),
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
        Map<String, String> queueUrls = LakeQueues.create(sqsClient);
        EventBridge events = new EventBridge(sqsClient, queueUrls.get("rds-events"), REGION, ACCOUNT_ID);

        GlueCatalog glueCatalog = new GlueCatalog(ACCOUNT_ID);
        glueCatalog.createDatabase(AwsJson.MAPPER.createObjectNode().put("Name", "default")
                .put("Description", "Default Hive database").put("LocationUri", "s3://" + LAKE_BUCKET + "/default/"));
        CrawlerOperations crawlers = new CrawlerOperations(glueCatalog, s3Client, events);
        started.add(crawlers);
        aws.register(new GlueApi(glueCatalog, crawlers));

        TrinoServer trinoServer = join(trino);
        LambdaCatalogs lambdaCatalogs = new LambdaCatalogs(trinoServer.jdbcUrl(), aws.endpoint(), s3Endpoint, REGION,
                ACCESS_KEY_ID, SECRET_ACCESS_KEY, ACCOUNT_ID);
        AthenaApi athena = new AthenaApi(trinoServer.jdbcUrl(), s3Client, "s3://" + RESULTS_BUCKET + "/", lambdaCatalogs, List.of(
                DataCatalogs.glueCatalog("AwsDataCatalog", ACCOUNT_ID),
                DataCatalogs.lambdaCatalog("postgresql", "The RDS PostgreSQL database (devstack)",
                        "arn:aws:lambda:" + REGION + ":" + ACCOUNT_ID + ":function:postgresql-connector"),
                DataCatalogs.lambdaCatalog("tpch", "TPC-H generated data, for tests and benchmarks (devstack only)",
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
