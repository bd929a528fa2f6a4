package io.athenalake.query.health;

import io.athenalake.query.config.QueryServiceConfig;
import io.athenalake.query.results.S3Location;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.WorkGroup;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Ready when the service can do its job: Athena answers for the default workgroup, the result
 * bucket is reachable, and every configured queue exists.
 */
@Readiness
@ApplicationScoped
public class AwsReadinessCheck implements HealthCheck {

    private final AthenaClient athena;
    private final S3Client s3;
    private final SqsClient sqs;
    private final QueryServiceConfig config;

    AwsReadinessCheck(AthenaClient athena, S3Client s3, SqsClient sqs, QueryServiceConfig config) {
        this.athena = athena;
        this.s3 = s3;
        this.sqs = sqs;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("aws").up();
        String workgroupName = config.athena().workgroup();
        String outputLocation = config.athena().outputLocation().orElse(null);
        try {
            WorkGroup workGroup = athena.getWorkGroup(r -> r.workGroup(workgroupName)).workGroup();
            response.withData("athena", "workgroup " + workgroupName + " " + workGroup.stateAsString());
            if (outputLocation == null && workGroup.configuration() != null
                    && workGroup.configuration().resultConfiguration() != null) {
                outputLocation = workGroup.configuration().resultConfiguration().outputLocation();
            }
        } catch (RuntimeException e) {
            response.down().withData("athena", failure(e));
        }
        if (outputLocation != null) {
            String bucket = S3Location.parse(outputLocation.endsWith("/") ? outputLocation + "x" : outputLocation + "/x").bucket();
            try {
                s3.headBucket(r -> r.bucket(bucket));
                response.withData("s3", "bucket " + bucket + " reachable");
            } catch (RuntimeException e) {
                response.down().withData("s3", failure(e));
            }
        }
        Map<String, Optional<String>> queues = new LinkedHashMap<>();
        queues.put("query-requests", config.queues().requests());
        queues.put("query-results", config.queues().results());
        queues.put("lake-events", config.queues().lakeEvents());
        queues.put("schedule-firings", config.queues().scheduleFirings());
        queues.forEach((name, url) -> url.ifPresent(queueUrl -> {
            try {
                sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"));
                response.withData("sqs." + name, "reachable");
            } catch (RuntimeException e) {
                response.down().withData("sqs." + name, failure(e));
            }
        }));
        return response.build();
    }

    private static String failure(RuntimeException e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
