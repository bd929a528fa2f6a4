package io.athenalake.connector.storage;

import io.athenalake.connector.errors.ConnectorErrors;
import io.athenalake.connector.secrets.MinioSecret;
import io.athenalake.connector.secrets.MinioSecretSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The MinIO / S3-compatible store, reached with the credentials and endpoint of the connector's secret.
 * Every call goes through {@link #call} so a failure becomes an error that names the store, the object
 * and the likely fix instead of an SDK stack trace.
 */
public class MinioStorage implements AutoCloseable {

    private static final Set<String> CREDENTIAL_ERRORS = Set.of(
            "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken", "InvalidSecurity");

    private final MinioSecretSource secrets;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private MinioSecret clientSecret;
    private S3Client client;

    public MinioStorage(MinioSecretSource secrets, Duration connectTimeout, Duration requestTimeout) {
        this.secrets = secrets;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    /** Runs one call against the store, translating its failures into user-facing errors. */
    public <T> T call(String action, String where, Function<S3Client, T> operation) {
        MinioSecret secret = secrets.get();
        S3Client s3 = client(secret);
        try {
            return operation.apply(s3);
        } catch (S3Exception e) {
            throw translate(e, secret, action, where);
        } catch (SdkClientException e) {
            throw ConnectorErrors.unreachable("Cannot reach the object store at " + secret.endpoint() + " (server in secret '"
                    + secrets.secretName() + "', SCHEME) while " + action + " " + where + ": " + rootMessage(e)
                    + ". Check the server, the scheme and that the Lambda's network can reach it.");
        }
    }

    public List<String> listBuckets() {
        return call("listing buckets", "", s3 -> s3.listBuckets().buckets().stream().map(Bucket::name).toList());
    }

    /** The immediate sub-folder names under {@code prefix} (which ends with {@code /} or is empty). */
    public List<String> listFolders(String bucket, String prefix) {
        List<String> folders = new ArrayList<>();
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = call("listing folders of", location(bucket, prefix), s3 -> s3.listObjectsV2(b -> b
                    .bucket(bucket).prefix(prefix).delimiter("/").continuationToken(continuation)));
            for (CommonPrefix common : page.commonPrefixes()) {
                String name = common.prefix().substring(prefix.length());
                folders.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return folders;
    }

    /** Every object under {@code prefix}, recursively, in key order. */
    public List<S3Object> listObjects(String bucket, String prefix) {
        List<S3Object> objects = new ArrayList<>();
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = call("listing", location(bucket, prefix), s3 -> s3.listObjectsV2(b -> b
                    .bucket(bucket).prefix(prefix).continuationToken(continuation)));
            objects.addAll(page.contents());
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return objects;
    }

    public S3InputFile inputFile(String bucket, String key, long length) {
        return new S3InputFile(this, bucket, key, length);
    }

    public static String location(String bucket, String key) {
        return "s3://" + bucket + "/" + key;
    }

    private synchronized S3Client client(MinioSecret secret) {
        if (client == null || !secret.equals(clientSecret)) {
            if (client != null) {
                client.close();
            }
            client = S3Client.builder()
                    .endpointOverride(secret.endpoint())
                    .forcePathStyle(true)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(secret.accessKey(), secret.secretKey())))
                    .httpClient(ApacheHttpClient.builder()
                            .connectionTimeout(connectTimeout)
                            .socketTimeout(requestTimeout)
                            .maxConnections(16)
                            .build())
                    .overrideConfiguration(ClientOverrideConfiguration.builder()
                            .apiCallAttemptTimeout(requestTimeout)
                            .apiCallTimeout(requestTimeout.multipliedBy(3))
                            .build())
                    .build();
            clientSecret = secret;
        }
        return client;
    }

    private RuntimeException translate(S3Exception e, MinioSecret secret, String action, String where) {
        String code = e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                ? e.awsErrorDetails().errorCode() : "HTTP " + e.statusCode();
        String store = "the object store at " + secret.endpoint();
        if (e.statusCode() == 401 || CREDENTIAL_ERRORS.contains(code)) {
            secrets.invalidate();
            return ConnectorErrors.invalidCredentials(capitalize(store) + " rejected the credentials in secret '"
                    + secrets.secretName() + "' (" + code + ") while " + action + " " + where
                    + ". Check its access_key and secret_key.");
        }
        if (e.statusCode() == 403) {
            return ConnectorErrors.accessDenied(capitalize(store) + " denied " + action + " " + where + " (" + code
                    + "): the access key in secret '" + secrets.secretName() + "' needs s3:ListBucket and s3:GetObject there.");
        }
        if ("NoSuchBucket".equals(code)) {
            return ConnectorErrors.notFound("The bucket of " + where + " does not exist in " + store + ".");
        }
        if ("NoSuchKey".equals(code) || e.statusCode() == 404) {
            return ConnectorErrors.notFound(where + " does not exist in " + store + " (was it deleted during the query?).");
        }
        return ConnectorErrors.internal(capitalize(store) + " failed while " + action + " " + where + ": " + code
                + " (HTTP " + e.statusCode() + ").");
    }

    private static String capitalize(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
