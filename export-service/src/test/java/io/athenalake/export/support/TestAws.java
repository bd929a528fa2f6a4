package io.athenalake.export.support;

import io.athenalake.devstack.DevStack;
import io.athenalake.devstack.DevStackAdmin;
import io.athenalake.devstack.DevStackEndpoints;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The tests' own clients on the shared devstack (the service under test builds its own from configuration). */
public final class TestAws {

    public static final S3Client S3 = configure(S3Client.builder(), stack().s3Endpoint()).forcePathStyle(true).build();
    public static final SqsClient SQS = configure(SqsClient.builder(), stack().sqsEndpoint()).build();
    public static final RdsClient RDS = configure(RdsClient.builder(), stack().awsEndpoint()).build();
    public static final GlueClient GLUE = configure(GlueClient.builder(), stack().awsEndpoint()).build();
    public static final AthenaClient ATHENA = configure(AthenaClient.builder(), stack().awsEndpoint()).build();


    private TestAws() {
    }

    /** A second Glue client of its own, as another service instance has. */
    public static GlueClient glueClient() {
        return configure(GlueClient.builder(), stack().awsEndpoint()).build();
    }

    public static DevStackEndpoints stack() {
        return DevStack.shared();
    }

    public static Connection postgres() throws SQLException {
        // the driver itself, not DriverManager: each Quarkus test application has its own class loader
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", stack().postgresUser());
        properties.setProperty("password", stack().postgresPassword());
        return new org.postgresql.Driver().connect(stack().postgresJdbcUrl(), properties);
    }

    public static void sql(String... statements) throws SQLException {
        try (Connection connection = postgres(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    public static List<List<String>> postgresRows(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = postgres(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** What RDS does in its backup window: an automated snapshot of {@code app-db}; returns its ARN. */
    public static String automatedSnapshot() {
        return DevStackAdmin.on(stack()).automatedSnapshotOfInstance("app-db");
    }

    /** The rows of an Athena query (header row left out), values as Athena's CSV gives them (null as null). */
    public static List<List<String>> athenaRows(String database, String sql) {
        String id = ATHENA.startQueryExecution(b -> b.queryString(sql).workGroup("primary")
                .queryExecutionContext(c -> c.catalog("AwsDataCatalog").database(database))).queryExecutionId();
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            var status = ATHENA.getQueryExecution(b -> b.queryExecutionId(id)).queryExecution().status();
            if (status.state() == QueryExecutionState.SUCCEEDED) {
                break;
            }
            if (status.state() == QueryExecutionState.FAILED || status.state() == QueryExecutionState.CANCELLED
                    || System.currentTimeMillis() > deadline) {
                throw new AssertionError(sql + ": " + status.state() + " " + status.stateChangeReason());
            }
            sleep(200);
        }
        List<List<String>> rows = new ArrayList<>();
        boolean header = true;
        for (var page : ATHENA.getQueryResultsPaginator(b -> b.queryExecutionId(id))) {
            for (Row row : page.resultSet().rows()) {
                if (header) {
                    header = false;
                    continue;
                }
                rows.add(row.data().stream().map(d -> d.varCharValue()).toList());
            }
        }
        return rows;
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, String endpoint) {
        DevStackEndpoints stack = stack();
        builder.endpointOverride(URI.create(endpoint)).region(Region.of(stack.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(stack.accessKeyId(), stack.secretAccessKey())))
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofMinutes(2)).build());
        if (builder instanceof SdkSyncClientBuilder<?, ?> sync) {
            sync.httpClient(UrlConnectionHttpClient.create());
        }
        return builder;
    }
}
