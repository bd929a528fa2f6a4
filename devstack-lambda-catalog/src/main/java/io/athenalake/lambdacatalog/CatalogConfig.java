package io.athenalake.lambdacatalog;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A catalog's properties, as the devstack's {@code CreateDataCatalog} writes them.
 *
 * @param metadataFunction    the function answering metadata requests (Athena's {@code metadata-function} or {@code function})
 * @param recordFunction      the function answering read-records requests ({@code record-function} or {@code function})
 * @param lambdaEndpoint      where the Lambda API answers (the devstack's AWS endpoint)
 * @param spillS3Endpoint     where the spill bucket's S3 answers (the devstack's S3 stand-in); spilled blocks are read there
 * @param maxBlockBytes       Athena's {@code maxBlockSize} of read-records requests
 * @param maxInlineBlockBytes Athena's {@code maxInlineBlockSize}: larger results are spilled by the connector
 */
record CatalogConfig(String catalogName, String metadataFunction, String recordFunction, URI lambdaEndpoint,
                     Optional<URI> spillS3Endpoint, String region, String accessKey, String secretKey, String accountId,
                     long maxBlockBytes, long maxInlineBlockBytes) {

    static final long ATHENA_MAX_BLOCK_BYTES = 16L * 1024 * 1024;
    /** Lambda's 6 MB response limit less room for the JSON around the block. */
    static final long ATHENA_MAX_INLINE_BLOCK_BYTES = 5L * 1024 * 1024;

    static CatalogConfig parse(String catalogName, Map<String, String> properties) {
        Map<String, String> remaining = new HashMap<>(properties);
        String function = remaining.remove("lambda.function");
        String metadata = Optional.ofNullable(remaining.remove("lambda.metadata-function")).orElse(function);
        String record = Optional.ofNullable(remaining.remove("lambda.record-function")).orElse(function);
        if (metadata == null || record == null) {
            throw new IllegalArgumentException("Catalog " + catalogName + " needs lambda.function, or both "
                    + "lambda.metadata-function and lambda.record-function");
        }
        CatalogConfig config = new CatalogConfig(catalogName, metadata, record,
                URI.create(required(remaining, "lambda.endpoint")),
                Optional.ofNullable(remaining.remove("spill.s3-endpoint")).map(URI::create),
                Optional.ofNullable(remaining.remove("aws.region")).orElse("us-east-1"),
                required(remaining, "aws.access-key"),
                required(remaining, "aws.secret-key"),
                Optional.ofNullable(remaining.remove("aws.account-id")).orElse("000000000000"),
                Optional.ofNullable(remaining.remove("lambda.max-block-bytes")).map(Long::parseLong).orElse(ATHENA_MAX_BLOCK_BYTES),
                Optional.ofNullable(remaining.remove("lambda.max-inline-block-bytes")).map(Long::parseLong)
                        .orElse(ATHENA_MAX_INLINE_BLOCK_BYTES));
        if (!remaining.isEmpty()) {
            throw new IllegalArgumentException("Catalog " + catalogName + ": unknown properties " + remaining.keySet());
        }
        return config;
    }

    private static String required(Map<String, String> properties, String name) {
        String value = properties.remove(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Catalog property " + name + " is required");
        }
        return value;
    }
}
