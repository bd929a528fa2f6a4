package io.athenalake.connector.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.connector.errors.ConnectorErrors;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The MinIO credentials from Secrets Manager, cached for a TTL so a warm Lambda does not call Secrets
 * Manager per request, and re-read after the TTL so a rotated secret is picked up. Values are never logged.
 */
public class MinioSecretSource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretsManagerClient secretsManager;
    private final String secretName;
    private final String scheme;
    private final Duration ttl;
    private final Clock clock;
    private MinioSecret cached;
    private Instant fetchedAt;

    public MinioSecretSource(SecretsManagerClient secretsManager, String secretName, String scheme, Duration ttl, Clock clock) {
        this.secretsManager = secretsManager;
        this.secretName = secretName;
        this.scheme = scheme;
        this.ttl = ttl;
        this.clock = clock;
    }

    public String secretName() {
        return secretName;
    }

    public synchronized MinioSecret get() {
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(fetchedAt.plus(ttl))) {
            cached = fetch();
            fetchedAt = now;
        }
        return cached;
    }

    /** Forget the cached value, e.g. after the store rejected the credentials (the secret may have rotated). */
    public synchronized void invalidate() {
        cached = null;
    }

    private MinioSecret fetch() {
        GetSecretValueResponse response;
        try {
            response = secretsManager.getSecretValue(b -> b.secretId(secretName));
        } catch (ResourceNotFoundException e) {
            throw ConnectorErrors.notFound("The Secrets Manager secret '" + secretName + "' (AWS_SECRET) does not exist in this "
                    + "account and region. Create it with the keys access_key, secret_key and server, or fix AWS_SECRET.");
        } catch (SecretsManagerException e) {
            if (e.statusCode() == 403 || "AccessDeniedException".equals(errorCode(e))) {
                throw ConnectorErrors.accessDenied("The connector's role may not read the Secrets Manager secret '" + secretName
                        + "' (AWS_SECRET): grant secretsmanager:GetSecretValue on it.");
            }
            throw ConnectorErrors.internal("Secrets Manager could not return the secret '" + secretName + "': " + errorCode(e));
        } catch (SdkClientException e) {
            throw ConnectorErrors.unreachable("Secrets Manager is unreachable while reading the secret '" + secretName
                    + "': " + e.getMessage());
        }
        String text = response.secretString();
        if (text == null) {
            throw ConnectorErrors.invalidInput("The Secrets Manager secret '" + secretName
                    + "' has no string value: store JSON with the keys access_key, secret_key and server.");
        }
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw ConnectorErrors.invalidInput("The Secrets Manager secret '" + secretName
                    + "' is not a JSON object: store JSON with the keys access_key, secret_key and server.");
        }
        return new MinioSecret(required(json, "access_key"), required(json, "secret_key"), endpoint(required(json, "server")));
    }

    private String required(JsonNode json, String key) {
        JsonNode value = json.get(key);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw ConnectorErrors.invalidInput("The Secrets Manager secret '" + secretName + "' lacks the key '" + key
                    + "' (it needs access_key, secret_key and server).");
        }
        return value.asText().trim();
    }

    /** {@code server} is {@code host[:port]} as in the original runbook, or a full URL whose scheme must agree with SCHEME. */
    URI endpoint(String server) {
        String candidate = server;
        int schemeEnd = server.indexOf("://");
        if (schemeEnd >= 0) {
            String given = server.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
            if (!given.equals(scheme)) {
                throw ConnectorErrors.invalidInput("The server in secret '" + secretName + "' uses " + given
                        + " but SCHEME is " + scheme + ": make them agree.");
            }
        } else {
            candidate = scheme + "://" + server;
        }
        try {
            URI uri = URI.create(candidate);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw ConnectorErrors.invalidInput("The server in secret '" + secretName + "' is not a host[:port] or URL.");
        }
    }

    private static String errorCode(SecretsManagerException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null ? e.awsErrorDetails().errorCode() : "HTTP " + e.statusCode();
    }
}
