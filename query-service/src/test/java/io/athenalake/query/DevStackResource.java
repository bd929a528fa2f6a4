package io.athenalake.query;

import io.athenalake.devstack.DevStack;
import io.athenalake.devstack.DevStackEndpoints;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/** Points query-service at the build's shared devstack (started by the first test that needs it). */
public class DevStackResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        DevStackEndpoints stack = DevStack.shared();
        Map<String, String> config = new HashMap<>();
        config.put("query-service.aws.region", stack.region());
        config.put("query-service.aws.athena-endpoint", stack.awsEndpoint());
        config.put("query-service.aws.s3-endpoint", stack.s3Endpoint());
        config.put("query-service.aws.sqs-endpoint", stack.sqsEndpoint());
        config.put("query-service.aws.s3-path-style", "true");
        config.put("query-service.aws.access-key-id", stack.accessKeyId());
        config.put("query-service.aws.secret-access-key", stack.secretAccessKey());
        config.put("query-service.queues.requests", stack.queueUrls().get("query-requests"));
        config.put("query-service.queues.requests-dlq", stack.queueUrls().get("query-requests-dlq"));
        config.put("query-service.queues.results", stack.queueUrls().get("query-results"));
        config.put("query-service.queues.lake-events", stack.queueUrls().get("lake-events"));
        config.put("query-service.queues.lake-events-dlq", stack.queueUrls().get("lake-events-dlq"));
        config.put("query-service.queues.schedule-firings", stack.queueUrls().get("schedule-firings"));
        config.put("query-service.queues.schedule-firings-dlq", stack.queueUrls().get("schedule-firings-dlq"));
        return config;
    }

    @Override
    public void stop() {
        // The shared stack outlives each test class; it stops when Maven exits.
    }
}
