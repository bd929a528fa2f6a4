package io.athenalake.query.config;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** The one AWS client factory: endpoint overrides and credentials from configuration, so local and AWS differ only there. */
@ApplicationScoped
public class AwsClients {

    private final QueryServiceConfig.Aws aws;
    private final SdkHttpClient http;

    AwsClients(QueryServiceConfig config) {
        this.aws = config.aws();
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofMinutes(2))
                .build();
    }

    @Produces
    @DefaultBean
    @ApplicationScoped
    public AthenaClient athena() {
        // Athena calls are retried by the service's one policy for Athena (AthenaCalls: jittered back-off, then 429),
        // so the SDK does not retry them a second time underneath.
        return configure(AthenaClient.builder(), aws.athenaEndpoint())
                .overrideConfiguration(override().retryStrategy(DefaultRetryStrategy.doNotRetry()).build())
                .build();
    }

    @Produces
    @DefaultBean
    @ApplicationScoped
    public S3Client s3() {
        return configure(S3Client.builder(), aws.s3Endpoint()).forcePathStyle(aws.s3PathStyle()).build();
    }

    @Produces
    @DefaultBean
    @ApplicationScoped
    public SqsClient sqs() {
        return configure(SqsClient.builder(), aws.sqsEndpoint()).build();
    }

    void close(@Disposes AthenaClient client) {
        client.close();
    }

    void close(@Disposes S3Client client) {
        client.close();
    }

    void close(@Disposes SqsClient client) {
        client.close();
    }

    private <B extends AwsSyncClientBuilder<B, ?> & software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B configure(
            B builder, Optional<URI> endpoint) {
        endpoint.ifPresent(builder::endpointOverride);
        builder.region(Region.of(aws.region()))
                .credentialsProvider(credentials())
                .httpClient(http)
                .overrideConfiguration(override().retryStrategy(RetryMode.STANDARD).build());
        return builder;
    }

    private ClientOverrideConfiguration.Builder override() {
        return ClientOverrideConfiguration.builder().apiCallTimeout(aws.apiCallTimeout());
    }

    private AwsCredentialsProvider credentials() {
        if (aws.accessKeyId().isPresent() && aws.secretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(aws.accessKeyId().get(), aws.secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
