package io.athenalake.connector.lambda;

import io.athenalake.connector.config.ConnectorSettings;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;
import java.util.Optional;

/**
 * The one place the connector's AWS clients are built: the Lambda role's credentials, the configured
 * region, and an endpoint override where one is configured (the devstack, VPC endpoints).
 */
public final class AwsClients {

    /** The SDK finds both the Apache and the URL-connection client on the classpath; pick one for clients it builds itself. */
    static final String HTTP_SERVICE_PROPERTY = "software.amazon.awssdk.http.service.impl";

    private AwsClients() {
    }

    static void chooseDefaultHttpClient() {
        if (System.getProperty(HTTP_SERVICE_PROPERTY) == null) {
            System.setProperty(HTTP_SERVICE_PROPERTY, "software.amazon.awssdk.http.apache.ApacheSdkHttpService");
        }
    }

    public static SecretsManagerClient secretsManager(ConnectorSettings settings) {
        return configure(SecretsManagerClient.builder(), settings, settings.secretsManagerEndpoint()).build();
    }

    public static S3Client spillS3(ConnectorSettings settings) {
        return configure(S3Client.builder(), settings, settings.spillS3Endpoint())
                .forcePathStyle(settings.spillS3Endpoint().isPresent())
                .build();
    }

    public static KmsClient kms(ConnectorSettings settings) {
        return configure(KmsClient.builder(), settings, settings.kmsEndpoint()).build();
    }

    public static AthenaClient athena(ConnectorSettings settings) {
        return configure(AthenaClient.builder(), settings, settings.athenaEndpoint()).build();
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
            B builder, ConnectorSettings settings, Optional<URI> endpoint) {
        builder.region(Region.of(settings.region()))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(ApacheHttpClient.builder());
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }
}
