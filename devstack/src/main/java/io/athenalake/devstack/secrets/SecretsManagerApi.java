package io.athenalake.devstack.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import io.athenalake.devstack.aws.AwsException;
import io.athenalake.devstack.aws.AwsJson;
import io.athenalake.devstack.aws.JsonApi;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** AWS Secrets Manager, emulated in memory: {@code X-Amz-Target: secretsmanager.<Operation>}. */
public final class SecretsManagerApi implements JsonApi {

    private static final String INVALID_PARAMETER = "InvalidParameterException";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final String region;
    private final String accountId;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Secret> secretsByName = new ConcurrentHashMap<>();

    public SecretsManagerApi(String region, String accountId) {
        this.region = region;
        this.accountId = accountId;
    }

    private static final class Secret {
        final String name;
        final String arn;
        final String description;
        final Instant created = Instant.now();
        final Map<String, Version> versions = new LinkedHashMap<>();
        String currentVersionId;

        Secret(String name, String arn, String description) {
            this.name = name;
            this.arn = arn;
            this.description = description;
        }
    }

    private record Version(String id, String secretString, String secretBinary, Instant created) {
    }

    record CreateSecretResponse(@com.fasterxml.jackson.annotation.JsonProperty("ARN") String arn, String name, String versionId) {
    }

    record PutSecretValueResponse(@com.fasterxml.jackson.annotation.JsonProperty("ARN") String arn, String name, String versionId, List<String> versionStages) {
    }

    record GetSecretValueResponse(@com.fasterxml.jackson.annotation.JsonProperty("ARN") String arn, String name, String versionId, String secretString, String secretBinary,
                                  List<String> versionStages, Instant createdDate) {
    }

    record DescribeSecretResponse(@com.fasterxml.jackson.annotation.JsonProperty("ARN") String arn, String name, String description, Instant createdDate,
                                  Map<String, List<String>> versionIdsToStages) {
    }

    @Override
    public String targetPrefix() {
        return "secretsmanager";
    }

    @Override
    public Object handle(String operation, JsonNode request) {
        return switch (operation) {
            case "CreateSecret" -> create(request);
            case "PutSecretValue" -> put(request);
            case "GetSecretValue" -> get(request);
            case "DescribeSecret" -> describe(request);
            default -> throw AwsException.unknownOperation("Secrets Manager", operation);
        };
    }

    /** Stores a secret at start-up (the devstack's "secrets from local config"). */
    public void preload(String name, String secretString) {
        Secret secret = new Secret(name, arn(name), "devstack");
        synchronized (secret) {
            addVersion(secret, UUID.randomUUID().toString(), secretString, null);
        }
        secretsByName.put(name, secret);
    }

    private CreateSecretResponse create(JsonNode request) {
        String name = AwsJson.requiredText(request, "Name", INVALID_PARAMETER);
        if (!NAME.matcher(name).matches()) {
            throw new AwsException(INVALID_PARAMETER, "Invalid name. Must be a valid name containing alphanumeric "
                    + "characters, or any of the following: -/_+=.@!");
        }
        Secret secret = new Secret(name, arn(name), AwsJson.optionalText(request, "Description", INVALID_PARAMETER).orElse(null));
        if (secretsByName.putIfAbsent(name, secret) != null) {
            throw new AwsException("ResourceExistsException", "The operation failed because the secret " + name
                    + " already exists.");
        }
        Optional<String> value = AwsJson.optionalText(request, "SecretString", INVALID_PARAMETER);
        Optional<String> binary = AwsJson.optionalText(request, "SecretBinary", INVALID_PARAMETER);
        String versionId = null;
        if (value.isPresent() || binary.isPresent()) {
            versionId = AwsJson.optionalText(request, "ClientRequestToken", INVALID_PARAMETER).orElse(UUID.randomUUID().toString());
            synchronized (secret) {
                addVersion(secret, versionId, value.orElse(null), binary.orElse(null));
            }
        }
        return new CreateSecretResponse(secret.arn, name, versionId);
    }

    private PutSecretValueResponse put(JsonNode request) {
        Secret secret = secret(AwsJson.requiredText(request, "SecretId", INVALID_PARAMETER));
        Optional<String> value = AwsJson.optionalText(request, "SecretString", INVALID_PARAMETER);
        Optional<String> binary = AwsJson.optionalText(request, "SecretBinary", INVALID_PARAMETER);
        if (value.isEmpty() == binary.isEmpty()) {
            throw new AwsException(INVALID_PARAMETER, "You must provide either SecretString or SecretBinary, not both.");
        }
        String versionId = AwsJson.optionalText(request, "ClientRequestToken", INVALID_PARAMETER).orElse(UUID.randomUUID().toString());
        synchronized (secret) {
            Version existing = secret.versions.get(versionId);
            if (existing != null && !(java.util.Objects.equals(existing.secretString(), value.orElse(null))
                    && java.util.Objects.equals(existing.secretBinary(), binary.orElse(null)))) {
                throw new AwsException("ResourceExistsException",
                        "You can't modify an existing version, you can only create a new version.");
            }
            if (existing == null) {
                addVersion(secret, versionId, value.orElse(null), binary.orElse(null));
            }
        }
        return new PutSecretValueResponse(secret.arn, secret.name, versionId, List.of("AWSCURRENT"));
    }

    private GetSecretValueResponse get(JsonNode request) {
        Secret secret = secret(AwsJson.requiredText(request, "SecretId", INVALID_PARAMETER));
        Optional<String> versionId = AwsJson.optionalText(request, "VersionId", INVALID_PARAMETER);
        Optional<String> stage = AwsJson.optionalText(request, "VersionStage", INVALID_PARAMETER);
        if (stage.isPresent() && !"AWSCURRENT".equals(stage.get())) {
            throw new AwsException("ResourceNotFoundException",
                    "Secrets Manager can't find the specified secret value for staging label: " + stage.get());
        }
        synchronized (secret) {
            String id = versionId.orElse(secret.currentVersionId);
            Version version = id == null ? null : secret.versions.get(id);
            if (version == null) {
                throw new AwsException("ResourceNotFoundException",
                        "Secrets Manager can't find the specified secret value for VersionId: " + id);
            }
            List<String> stages = id.equals(secret.currentVersionId) ? List.of("AWSCURRENT") : List.of();
            return new GetSecretValueResponse(secret.arn, secret.name, id, version.secretString(), version.secretBinary(),
                    stages, version.created());
        }
    }

    private DescribeSecretResponse describe(JsonNode request) {
        Secret secret = secret(AwsJson.requiredText(request, "SecretId", INVALID_PARAMETER));
        synchronized (secret) {
            Map<String, List<String>> stages = new LinkedHashMap<>();
            secret.versions.keySet().forEach(id -> stages.put(id,
                    id.equals(secret.currentVersionId) ? List.of("AWSCURRENT") : List.of("AWSPREVIOUS")));
            return new DescribeSecretResponse(secret.arn, secret.name, secret.description, secret.created, stages);
        }
    }

    private static void addVersion(Secret secret, String versionId, String value, String binary) {
        secret.versions.put(versionId, new Version(versionId, value, binary, Instant.now()));
        secret.currentVersionId = versionId;
    }

    private Secret secret(String id) {
        Secret byName = secretsByName.get(id);
        if (byName != null) {
            return byName;
        }
        return secretsByName.values().stream()
                .filter(s -> s.arn.equals(id))
                .findFirst()
                .orElseThrow(() -> new AwsException("ResourceNotFoundException",
                        "Secrets Manager can't find the specified secret."));
    }

    private String arn(String name) {
        StringBuilder suffix = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            suffix.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return "arn:aws:secretsmanager:" + region + ":" + accountId + ":secret:" + name + "-" + suffix;
    }
}
