package io.athenalake.devstack.aws;

import com.fasterxml.jackson.databind.JsonNode;

/** An AWS API on the JSON 1.1 protocol: {@code POST /} with {@code X-Amz-Target: <prefix>.<Operation>}. */
public interface JsonApi {

    /** The part of {@code X-Amz-Target} before the operation, e.g. {@code AmazonAthena}. */
    String targetPrefix();

    /** Answers one operation; the returned object is serialized with {@link AwsJson#MAPPER}. */
    Object handle(String operation, JsonNode request);
}
