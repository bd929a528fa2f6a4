package io.athenalake.local.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

/** The launcher's and the command line's own AWS clients on a devstack (the services build theirs from configuration). */
public final class LocalAws implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    public final S3Client s3;
    public final SqsClient sqs;
    public final GlueClient glue;
    public final AthenaClient athena;
    public final SecretsManagerClient secrets;
    private final String awsEndpoint;

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
        this.awsEndpoint = awsEndpoint;
    }

    /**
     * Hosts a Java Lambda function on the devstack ({@code POST /_devstack/lambda/functions}: CreateFunction's
     * fields with the zip as a local path; a function of the same name is replaced). Returns its ARN.
     */
    public String hostFunction(String name, Path zip, String handler, Map<String, String> environment) {
        ObjectNode request = JSON.createObjectNode().put("FunctionName", name).put("Runtime", "java17")
                .put("Handler", handler).put("MemorySize", 1024).put("Timeout", 300);
        request.putObject("Code").put("Path", zip.toAbsolutePath().toString());
        ObjectNode variables = request.putObject("Environment").putObject("Variables");
        environment.forEach(variables::put);
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(awsEndpoint + "/_devstack/lambda/functions"))
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the devstack refused to host " + name + ": " + response.body());
            }
            return JSON.readTree(response.body()).path("FunctionArn").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("hosting " + name + " on the devstack", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hosting " + name, e);
        }
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
