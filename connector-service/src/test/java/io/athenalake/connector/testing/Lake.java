package io.athenalake.connector.testing;

import io.athenalake.connector.config.ConnectorSettings;
import io.athenalake.devstack.DevStack;
import io.athenalake.devstack.DevStackAdmin;
import io.athenalake.devstack.DevStackEndpoints;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Test data in the devstack's S3 stand-in (playing MinIO) and the connector's secret in its Secrets Manager:
 * buckets with a prefix unique to the test, parquet files written with parquet-hadoop, and the settings
 * that point a connector at them.
 */
public final class Lake {

    public final DevStackEndpoints stack = DevStack.shared();
    public final String prefix = "cs" + UUID.randomUUID().toString().substring(0, 8) + "-";
    public final String spillBucket = prefix + "spill";
    public final String secretName = "minio/" + prefix;
    public final S3Client s3;

    public Lake() {
        System.setProperty("aws.accessKeyId", stack.accessKeyId());
        System.setProperty("aws.secretAccessKey", stack.secretAccessKey());
        s3 = S3Client.builder().endpointOverride(URI.create(stack.s3Endpoint())).forcePathStyle(true)
                .region(Region.of(stack.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(stack.accessKeyId(), stack.secretAccessKey())))
                .httpClient(ApacheHttpClient.create())
                .build();
        s3.createBucket(b -> b.bucket(spillBucket));
        createSecret(secretName, "{\"access_key\":\"minio\",\"secret_key\":\"minio-secret\",\"server\":\"" + hostPort() + "\"}");
    }

    public String hostPort() {
        URI uri = URI.create(stack.s3Endpoint());
        return uri.getHost() + ":" + uri.getPort();
    }

    public void createSecret(String name, String value) {
        try (SecretsManagerClient secrets = SecretsManagerClient.builder().endpointOverride(URI.create(stack.awsEndpoint()))
                .region(Region.of(stack.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(stack.accessKeyId(), stack.secretAccessKey())))
                .httpClient(ApacheHttpClient.create())
                .build()) {
            secrets.createSecret(b -> b.name(name).secretString(value));
        }
    }

    /** A database: a bucket named with this test's prefix. */
    public String database(String name) {
        String bucket = prefix + name;
        s3.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    public void put(String bucket, String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    /** Writes a parquet file with the given rows and uploads it. */
    public void parquet(String bucket, String key, MessageType schema, List<Group> rows) {
        parquet(bucket, key, schema, rows, builder -> { });
    }

    public void parquet(String bucket, String key, MessageType schema, List<Group> rows,
                        Consumer<ExampleParquetWriter.Builder> tuning) {
        Path file = writeLocal(schema, rows, tuning);
        try {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
        } finally {
            file.toFile().delete();
        }
    }

    public static Path writeLocal(MessageType schema, Iterable<Group> rows, Consumer<ExampleParquetWriter.Builder> tuning) {
        try {
            Path file = Files.createTempFile("lake", ".parquet");
            Files.delete(file);
            ExampleParquetWriter.Builder builder = ExampleParquetWriter.builder(new LocalOutputFile(file))
                    .withType(schema)
                    .withCompressionCodec(CompressionCodecName.SNAPPY);
            tuning.accept(builder);
            try (ParquetWriter<Group> writer = builder.build()) {
                for (Group row : rows) {
                    writer.write(row);
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Settings for a connector reading this lake, as the Lambda's environment would give them. */
    public ConnectorSettings settings(String tablesPath) {
        return settings(tablesPath, secretName, Optional.empty(), true);
    }

    public ConnectorSettings settings(String tablesPath, String secret, Optional<String> kmsKeyId, boolean encryption) {
        return settings(tablesPath, secret, kmsKeyId, encryption, 256L * 1024, 3);
    }

    public ConnectorSettings settings(String tablesPath, String secret, Optional<String> kmsKeyId, boolean encryption,
                                      long splitTargetBytes, int maxSplitsPerResponse) {
        URI aws = URI.create(stack.awsEndpoint());
        return new ConnectorSettings(secret, Duration.ofMinutes(5), stack.region(), spillBucket, "athena-spill", kmsKeyId,
                encryption, prefix, tablesPath, "http", Optional.of(aws), Optional.of(URI.create(stack.s3Endpoint())),
                Optional.empty(), Optional.of(aws), splitTargetBytes, maxSplitsPerResponse, Duration.ofSeconds(2), Duration.ofSeconds(20));
    }

    /**
     * Hosts the packaged connector ({@code target/function.zip}, what infra deploys) on the devstack's Lambda, configured
     * as infra/modules/minio-connector configures it, and returns its ARN.
     */
    /** An Athena client of the devstack's Athena API (calls time out after two minutes). */
    public AthenaClient athena() {
        return AthenaClient.builder()
                .endpointOverride(URI.create(stack.awsEndpoint()))
                .region(Region.of(stack.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(stack.accessKeyId(), stack.secretAccessKey())))
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofMinutes(2)).build())
                .build();
    }

    public String hostConnector(String name, Map<String, String> configuration) throws IOException {
        Path zip = Path.of("target", "function.zip").toAbsolutePath();
        if (!Files.exists(zip)) {
            throw new IllegalStateException("the packaged Lambda " + zip + " is missing (mvn package)");
        }
        Map<String, String> environment = new LinkedHashMap<>(configuration);
        // Arrow needs java.nio opened (on AWS too: set it in the function's JAVA_TOOL_OPTIONS).
        environment.put("JAVA_TOOL_OPTIONS", "--add-opens=java.base/java.nio=ALL-UNNAMED");
        environment.put("CONNECTOR_SECRETS_MANAGER_ENDPOINT", stack.awsEndpoint());
        environment.put("CONNECTOR_ATHENA_ENDPOINT", stack.awsEndpoint());
        environment.put("CONNECTOR_SPILL_S3_ENDPOINT", stack.s3Endpoint());
        return DevStackAdmin.on(stack).hostFunction(name, zip, "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest",
                Duration.ofMinutes(5), 1024, environment);
    }

    public static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
