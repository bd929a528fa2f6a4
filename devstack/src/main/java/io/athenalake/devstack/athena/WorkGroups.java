package io.athenalake.devstack.athena;

import com.fasterxml.jackson.databind.JsonNode;
import io.athenalake.devstack.athena.AthenaShapes.CreateWorkGroupResponse;
import io.athenalake.devstack.athena.AthenaShapes.EncryptionConfiguration;
import io.athenalake.devstack.athena.AthenaShapes.EngineVersion;
import io.athenalake.devstack.athena.AthenaShapes.GetWorkGroupResponse;
import io.athenalake.devstack.athena.AthenaShapes.ListWorkGroupsResponse;
import io.athenalake.devstack.athena.AthenaShapes.ResultConfiguration;
import io.athenalake.devstack.athena.AthenaShapes.WorkGroupConfiguration;
import io.athenalake.devstack.athena.AthenaShapes.WorkGroupShape;
import io.athenalake.devstack.athena.AthenaShapes.WorkGroupSummary;
import io.athenalake.devstack.aws.AwsJson;
import io.athenalake.devstack.s3.S3Location;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import static io.athenalake.devstack.athena.AthenaRequests.INVALID;
import static io.athenalake.devstack.athena.AthenaRequests.invalid;

/**
 * Athena's workgroups — CreateWorkGroup, GetWorkGroup, ListWorkGroups — in memory for the life of the stack: output
 * location, encryption option, enforcement and {@code BytesScannedCutoffPerQuery}. The {@code primary} workgroup exists
 * from the start.
 */
final class WorkGroups {

    static final String PRIMARY = "primary";
    static final EngineVersion ENGINE_VERSION = new EngineVersion("AUTO", "Athena engine version 3");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9._-]{1,128}");
    private static final long MINIMUM_CUTOFF_BYTES = 10_000_000L;

    private final Map<String, WorkGroupShape> workGroups = new ConcurrentHashMap<>();

    /** @param primaryOutputLocation the {@code primary} workgroup's result location */
    WorkGroups(String primaryOutputLocation) {
        workGroups.put(PRIMARY, new WorkGroupShape(PRIMARY, "ENABLED",
                new WorkGroupConfiguration(new ResultConfiguration(primaryOutputLocation, null), false, false, null, false,
                        ENGINE_VERSION), "The default workgroup", Instant.now()));
    }

    GetWorkGroupResponse get(JsonNode request) {
        return new GetWorkGroupResponse(workGroup(AwsJson.requiredText(request, "WorkGroup", INVALID)));
    }

    ListWorkGroupsResponse list() {
        return new ListWorkGroupsResponse(workGroups.values().stream()
                .map(w -> new WorkGroupSummary(w.name(), w.state(), w.description(), w.creationTime(), ENGINE_VERSION))
                .toList());
    }

    CreateWorkGroupResponse create(JsonNode request) {
        String name = AwsJson.requiredText(request, "Name", INVALID);
        if (!NAME.matcher(name).matches()) {
            throw invalid("WorkGroup name '" + name + "' must match [a-zA-Z0-9._-]{1,128}");
        }
        JsonNode configuration = AwsJson.object(request, "Configuration", INVALID);
        JsonNode resultConfiguration = AwsJson.object(configuration, "ResultConfiguration", INVALID);
        Optional<String> outputLocation = AwsJson.optionalText(resultConfiguration, "OutputLocation", INVALID);
        outputLocation.ifPresent(location -> {
            try {
                S3Location.parse(location);
            } catch (IllegalArgumentException e) {
                throw invalid("OutputLocation '" + location + "' is not a valid s3:// location");
            }
        });
        Optional<Long> cutoff = AwsJson.optionalLong(configuration, "BytesScannedCutoffPerQuery", INVALID);
        if (cutoff.isPresent() && cutoff.get() < MINIMUM_CUTOFF_BYTES) {
            throw invalid("1 validation error detected: Value '" + cutoff.get()
                    + "' at 'configuration.bytesScannedCutoffPerQuery' failed to satisfy constraint: "
                    + "Member must have value greater than or equal to " + MINIMUM_CUTOFF_BYTES);
        }
        JsonNode encryption = AwsJson.object(resultConfiguration, "EncryptionConfiguration", INVALID);
        EncryptionConfiguration encryptionConfiguration = AwsJson.optionalText(encryption, "EncryptionOption", INVALID)
                .map(option -> new EncryptionConfiguration(option,
                        AwsJson.optionalText(encryption, "KmsKey", INVALID).orElse(null)))
                .orElse(null);
        WorkGroupShape workGroup = new WorkGroupShape(name, "ENABLED", new WorkGroupConfiguration(
                new ResultConfiguration(outputLocation.orElse(null), encryptionConfiguration),
                AwsJson.optionalBoolean(configuration, "EnforceWorkGroupConfiguration", INVALID).orElse(true),
                AwsJson.optionalBoolean(configuration, "PublishCloudWatchMetricsEnabled", INVALID).orElse(false),
                cutoff.orElse(null),
                AwsJson.optionalBoolean(configuration, "RequesterPaysEnabled", INVALID).orElse(false),
                ENGINE_VERSION),
                AwsJson.optionalText(request, "Description", INVALID).orElse(null), Instant.now());
        if (workGroups.putIfAbsent(name, workGroup) != null) {
            throw invalid("WorkGroup " + name + " is already created");
        }
        return new CreateWorkGroupResponse();
    }

    WorkGroupShape workGroup(String name) {
        WorkGroupShape workGroup = workGroups.get(name);
        if (workGroup == null) {
            throw invalid("WorkGroup " + name + " is not found.");
        }
        return workGroup;
    }
}
