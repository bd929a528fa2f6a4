package io.athenalake.connector.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The validated configuration every part of the connector works from. Built once at start; an
 * invalid value fails the start with a message naming the environment variable to fix.
 *
 * @param bucketPrefix only buckets whose names start with it are databases ({@code ""}: every bucket)
 * @param tablesPath   the folder inside each bucket whose sub-folders are tables, without leading or trailing {@code /}
 *                     ({@code ""}: the bucket's top level)
 */
public record ConnectorSettings(
        String secretName,
        Duration secretTtl,
        String region,
        String spillBucket,
        String spillPrefix,
        Optional<String> kmsKeyId,
        boolean spillEncryption,
        String bucketPrefix,
        String tablesPath,
        String scheme,
        Optional<URI> secretsManagerEndpoint,
        Optional<URI> spillS3Endpoint,
        Optional<URI> kmsEndpoint,
        Optional<URI> athenaEndpoint,
        long splitTargetBytes,
        int maxSplitsPerResponse,
        Duration storageConnectTimeout,
        Duration storageRequestTimeout) {

    public static final String SOURCE_TYPE = "minio";

    public static ConnectorSettings from(ConnectorConfig config) {
        List<String> problems = new ArrayList<>();
        String secret = config.secretName().map(String::trim).orElse("");
        if (secret.isEmpty()) {
            problems.add("AWS_SECRET is not set (the Secrets Manager secret holding access_key, secret_key and server)");
        }
        String spillBucket = config.spillBucket().map(String::trim).orElse("");
        if (spillBucket.isEmpty()) {
            problems.add("no spill bucket: set spill_bucket or TARGET_BUCKET (results over Athena's inline limit are written there)");
        } else if (spillBucket.contains("/") || spillBucket.startsWith("s3:")) {
            problems.add("spill_bucket/TARGET_BUCKET must be a bare bucket name, not a path or URI: '" + spillBucket + "'");
        }
        String scheme = config.scheme().trim().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            problems.add("SCHEME must be http or https, not '" + config.scheme() + "'");
        }
        String disable = config.disableSpillEncryption().trim().toLowerCase(Locale.ROOT);
        if (!disable.equals("true") && !disable.equals("false")) {
            problems.add("disable_spill_encryption must be true or false, not '" + config.disableSpillEncryption() + "'");
        }
        boolean encryption = !disable.equals("true");
        Optional<String> kmsKeyId = config.kmsKeyId().map(String::trim).filter(s -> !s.isEmpty());
        if (!encryption && kmsKeyId.isPresent()) {
            problems.add("kms_key_id is set but disable_spill_encryption=true: spilled results would not be encrypted with it");
        }
        String region = config.region().map(String::trim).filter(s -> !s.isEmpty()).orElse("");
        if (region.isEmpty()) {
            problems.add("AWS_REGION is not set");
        }
        if (config.secretTtl().isNegative()) {
            problems.add("connector.secret-ttl must not be negative");
        }
        if (config.splitTargetBytes() < 1024 * 1024) {
            problems.add("connector.split-target-bytes must be at least 1 MiB");
        }
        if (config.maxSplitsPerResponse() < 1) {
            problems.add("connector.max-splits-per-response must be at least 1");
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new ConnectorSettings(secret, config.secretTtl(), region, spillBucket, trimSlashes(config.spillPrefix()),
                kmsKeyId, encryption, config.bucketPrefix().orElse("").trim(), trimSlashes(config.tablesPath().orElse("")),
                scheme, config.secretsManagerEndpoint(), config.spillS3Endpoint(), config.kmsEndpoint(),
                config.athenaEndpoint(), config.splitTargetBytes(), config.maxSplitsPerResponse(),
                config.storageConnectTimeout(), config.storageRequestTimeout());
    }

    /** The options in the federation SDK's own names, as its handlers expect them. */
    public Map<String, String> sdkOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("spill_bucket", spillBucket);
        options.put("spill_prefix", spillPrefix);
        kmsKeyId.ifPresent(id -> options.put("kms_key_id", id));
        options.put("disable_spill_encryption", Boolean.toString(!spillEncryption));
        return options;
    }

    /** The IAM resource the connector's role must be allowed to {@code s3:PutObject} into. */
    public String spillResourceArn() {
        return "arn:aws:s3:::" + spillBucket + "/" + spillPrefix + "*";
    }

    static String trimSlashes(String path) {
        String trimmed = path.trim();
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
