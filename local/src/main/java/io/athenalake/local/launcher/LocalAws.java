package io.athenalake.local.launcher;

import io.athenalake.devstack.DevStackEndpoints;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;

/** The launcher's and the command line's own AWS clients on a devstack (the services build theirs from configuration). */
public final class LocalAws implements AutoCloseable {

    public final S3Client s3;
    public final SqsClient sqs;
    public final GlueClient glue;
    public final AthenaClient athena;
    public final SecretsManagerClient secrets;

    public LocalAws(String region, String accessKeyId, String secretAccessKey, String awsEndpoint, String s3Endpoint,
                    String sqsEndpoint) {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(accessKeyId, secretAccessKey));
        this.s3 = S3Client.builder().endpointOverride(URI.create(s3Endpoint)).region(Region.of(region))
                .credentialsProvider(credentials).forcePathStyle(true).httpClient(UrlConnectionHttpClient.create()).build();
        this.sqs = SqsClient.builder().endpointOverride(URI.create(sqsEndpoint)).region(Region.of(region))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        this.glue = GlueClient.builder().endpointOverride(URI.create(awsEndpoint)).region(Region.of(region))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        this.athena = AthenaClient.builder().endpointOverride(URI.create(awsEndpoint)).region(Region.of(region))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        this.secrets = SecretsManagerClient.builder().endpointOverride(URI.create(awsEndpoint)).region(Region.of(region))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    public static LocalAws on(DevStackEndpoints stack) {
        return new LocalAws(stack.region(), stack.accessKeyId(), stack.secretAccessKey(), stack.awsEndpoint(),
                stack.s3Endpoint(), stack.sqsEndpoint());
    }

    @Override
    public void close() {
        s3.close();
        sqs.close();
        glue.close();
        athena.close();
        secrets.close();
    }
}
