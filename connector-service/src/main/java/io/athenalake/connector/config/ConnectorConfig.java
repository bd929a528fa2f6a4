package io.athenalake.connector.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The connector's configuration as Quarkus reads it. {@code application.properties} maps the original
 * runbook's environment names ({@code AWS_SECRET}, {@code TARGET_BUCKET}, {@code BUCKET_PREFIX},
 * {@code TABLES_PATH}, {@code SCHEME}) and the federation SDK's ({@code spill_bucket}, {@code spill_prefix},
 * {@code kms_key_id}, {@code disable_spill_encryption}) onto these properties; {@link ConnectorSettings}
 * validates them once at start.
 */
@ConfigMapping(prefix = "connector")
public interface ConnectorConfig {

    /** Name or ARN of the Secrets Manager secret holding {@code access_key}, {@code secret_key}, {@code server}. */
    Optional<String> secretName();

    @WithDefault("5M")
    Duration secretTtl();

    Optional<String> spillBucket();

    @WithDefault("athena-spill")
    String spillPrefix();

    Optional<String> kmsKeyId();

    @WithDefault("false")
    String disableSpillEncryption();

    @WithDefault("")
    Optional<String> bucketPrefix();

    Optional<String> tablesPath();

    @WithDefault("https")
    String scheme();

    /** The AWS region of Secrets Manager, the spill bucket and KMS; Lambda sets {@code AWS_REGION}. */
    Optional<String> region();

    /** Endpoint overrides, for the devstack or VPC endpoints. */
    Optional<URI> secretsManagerEndpoint();

    Optional<URI> spillS3Endpoint();

    Optional<URI> kmsEndpoint();

    Optional<URI> athenaEndpoint();

    /** Files larger than this are read as several splits of whole row groups. */
    @WithDefault("134217728")
    long splitTargetBytes();

    @WithDefault("1000")
    int maxSplitsPerResponse();

    @WithDefault("5S")
    Duration storageConnectTimeout();

    @WithDefault("60S")
    Duration storageRequestTimeout();
}
