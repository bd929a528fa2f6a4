package io.athenalake.devstack;

import java.util.Map;

/**
 * Where a running devstack answers, and the credentials its AWS stand-ins accept. Everything a
 * service needs to point real AWS SDK clients at it with endpoint overrides.
 *
 * @param awsEndpoint the emulated AWS APIs (Athena, Glue, RDS, Secrets Manager, STS) on one endpoint
 * @param s3Endpoint  S3 (path-style addressing), also in the MinIO role
 * @param sqsEndpoint SQS
 */
public record DevStackEndpoints(
        String region,
        String accountId,
        String accessKeyId,
        String secretAccessKey,
        String awsEndpoint,
        String s3Endpoint,
        String sqsEndpoint,
        String trinoJdbcUrl,
        String postgresJdbcUrl,
        String postgresUser,
        String postgresPassword,
        String resultsBucket,
        String lakeBucket,
        Map<String, String> queueUrls,
        long pid) {
}
