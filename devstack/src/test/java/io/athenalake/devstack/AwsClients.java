package io.athenalake.devstack;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/** Real AWS SDK v2 clients pointed at the shared devstack, as the services configure theirs. */
public final class AwsClients {

    private AwsClients() {
    }

    public static DevStackEndpoints stack() {
        return DevStack.shared();
    }

    public static AthenaClient athena() {
        return configure(AthenaClient.builder(), stack().awsEndpoint()).build();
    }

    public static software.amazon.awssdk.services.glue.GlueClient glue() {
        return configure(software.amazon.awssdk.services.glue.GlueClient.builder(), stack().awsEndpoint()).build();
    }

    public static software.amazon.awssdk.services.rds.RdsClient rds() {
        return configure(software.amazon.awssdk.services.rds.RdsClient.builder(), stack().awsEndpoint()).build();
    }

    public static software.amazon.awssdk.services.lambda.LambdaClient lambda() {
        return configure(software.amazon.awssdk.services.lambda.LambdaClient.builder(), stack().awsEndpoint()).build();
    }

    public static SecretsManagerClient secretsManager() {
        return configure(SecretsManagerClient.builder(), stack().awsEndpoint()).build();
    }

    public static StsClient sts() {
        return configure(StsClient.builder(), stack().awsEndpoint()).build();
    }

    public static S3Client s3() {
        return configure(S3Client.builder(), stack().s3Endpoint()).forcePathStyle(true).build();
    }

    public static SqsClient sqs() {
        return configure(SqsClient.builder(), stack().sqsEndpoint()).build();
    }

    /** A direct connection to the Trino behind the Athena emulation, to compare answers with. */
    public static Connection trino() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "test");
        return DriverManager.getConnection(stack().trinoJdbcUrl(), properties);
    }

    public static Connection postgres() throws SQLException {
        return DriverManager.getConnection(stack().postgresJdbcUrl(), stack().postgresUser(), stack().postgresPassword());
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, String endpoint) {
        DevStackEndpoints stack = stack();
        builder.endpointOverride(URI.create(endpoint))
                .region(Region.of(stack.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(stack.accessKeyId(), stack.secretAccessKey())))
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofMinutes(2)).build());
        if (builder instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
            sync.httpClient(UrlConnectionHttpClient.create());
        }
        return builder;
    }
}
