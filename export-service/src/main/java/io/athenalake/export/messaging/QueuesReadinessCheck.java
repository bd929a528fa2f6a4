package io.athenalake.export.messaging;

import io.athenalake.export.config.ExportServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Ready when both queues answer and the export bucket is reachable. */
@Readiness
@ApplicationScoped
public class QueuesReadinessCheck implements HealthCheck {

    private final SqsClient sqs;
    private final S3Client s3;
    private final ExportServiceConfig config;

    QueuesReadinessCheck(SqsClient sqs, S3Client s3, ExportServiceConfig config) {
        this.sqs = sqs;
        this.s3 = s3;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("export-service").up();
        queue(response, "rds-events", config.rdsEventsQueueUrl());
        queue(response, "lake-events", config.lakeEventsQueueUrl());
        try {
            s3.headBucket(b -> b.bucket(config.exportBucket()));
            response.withData("s3." + config.exportBucket(), "reachable");
        } catch (RuntimeException e) {
            response.down().withData("s3." + config.exportBucket(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return response.build();
    }

    private void queue(HealthCheckResponseBuilder response, String name, String url) {
        try {
            sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("QueueArn"));
            response.withData("sqs." + name, "reachable");
        } catch (RuntimeException e) {
            response.down().withData("sqs." + name, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
