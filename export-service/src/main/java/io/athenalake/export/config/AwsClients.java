package io.athenalake.export.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The one AWS client factory: endpoint overrides and credentials from configuration, so local and AWS
 * differ only there.
 */
@ApplicationScoped
public class AwsClients {

    private final ExportServiceConfig.Aws aws;
    private final SdkHttpClient http;

    AwsClients(ExportServiceConfig config) {
        this.aws = config.aws();
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofMinutes(5))
                .build();
    }

    @Produces
    @ApplicationScoped
    public S3Client s3() {
        return sync(S3Client.builder(), aws.s3Endpoint()).forcePathStyle(aws.s3PathStyle()).build();
    }

    @Produces
    @ApplicationScoped
    public SqsClient sqs() {
        return sync(SqsClient.builder(), aws.sqsEndpoint()).build();
    }

    @Produces
    @ApplicationScoped
    public RdsClient rds() {
        return sync(RdsClient.builder(), aws.rdsEndpoint()).build();
    }

    @Produces
    @ApplicationScoped
    public GlueClient glue() {
        return sync(GlueClient.builder(), aws.glueEndpoint()).build();
    }

    void close(@Disposes S3Client client) {
        client.close();
    }

    void close(@Disposes SqsClient client) {
        client.close();
    }

    void close(@Disposes RdsClient client) {
        client.close();
    }

    void close(@Disposes GlueClient client) {
        client.close();
    }

    private <B extends software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B sync(
            B builder, Optional<URI> endpoint) {
        configure(builder, endpoint).httpClient(http);
        return builder;
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, Optional<URI> endpoint) {
        endpoint.ifPresent(builder::endpointOverride);
        builder.region(Region.of(aws.region()))
                .credentialsProvider(credentials())
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(aws.apiCallTimeout())
                        .retryStrategy(RetryMode.STANDARD).build());
        return builder;
    }

    private AwsCredentialsProvider credentials() {
        if (aws.accessKeyId().isPresent() && aws.secretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(aws.accessKeyId().get(), aws.secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
