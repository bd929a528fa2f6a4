package io.athenalake.lambdacatalog;

import com.amazonaws.athena.connector.lambda.data.Block;
import com.amazonaws.athena.connector.lambda.data.BlockAllocatorImpl;
import com.amazonaws.athena.connector.lambda.data.S3BlockSpillReader;
import com.amazonaws.athena.connector.lambda.domain.spill.S3SpillLocation;
import com.amazonaws.athena.connector.lambda.records.ReadRecordsRequest;
import com.amazonaws.athena.connector.lambda.request.FederationRequest;
import com.amazonaws.athena.connector.lambda.request.FederationResponse;
import com.amazonaws.athena.connector.lambda.security.EncryptionKey;
import com.amazonaws.athena.connector.lambda.security.FederatedIdentity;
import com.amazonaws.athena.connector.lambda.serde.VersionedObjectMapperFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import org.apache.arrow.vector.types.pojo.Schema;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.trino.spi.StandardErrorCode.GENERIC_USER_ERROR;

/**
 * Athena's side of the federation protocol: requests serialized with the SDK's own versioned serde, sent
 * to the connector with Lambda {@code Invoke}, responses parsed back; spilled blocks read from the spill
 * bucket and decrypted with the SDK's spill reader. Function errors become the message Athena shows.
 */
final class FederationClient implements AutoCloseable {

    private final CatalogConfig config;
    private final BlockAllocatorImpl allocator = new BlockAllocatorImpl();
    private final ObjectMapper serde;
    private final LambdaClient lambda;
    private final S3Client spillS3;

    FederationClient(CatalogConfig config) {
        this.config = config;
        this.serde = VersionedObjectMapperFactory.create(allocator);
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
        this.lambda = LambdaClient.builder()
                .endpointOverride(config.lambdaEndpoint())
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                // Lambda's longest timeout is 15 minutes; a function error is an answer, not something to retry.
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(16)).build())
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofMinutes(16)).build())
                .build();
        var s3 = S3Client.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create());
        config.spillS3Endpoint().ifPresent(s3::endpointOverride);
        this.spillS3 = s3.build();
    }

    String catalogName() {
        return config.catalogName();
    }

    CatalogConfig config() {
        return config;
    }

    FederatedIdentity identity(ConnectorSession session) {
        return new FederatedIdentity("arn:aws:iam::" + config.accountId() + ":user/" + session.getUser(), config.accountId(),
                Map.of(), List.of(), Map.of());
    }

    /** The Athena query execution id (the devstack passes it as Trino's trace token), else Trino's query id. */
    static String queryId(ConnectorSession session) {
        return session.getTraceToken().orElse(session.getQueryId());
    }

    <T extends FederationResponse> T metadata(FederationRequest request, Class<T> type) {
        return call(config.metadataFunction(), "retrieving meta-data", request, type, false);
    }

    <T extends FederationResponse> T records(ReadRecordsRequest request, Class<T> type) {
        return call(config.recordFunction(), "reading records", request, type, request.getSchema().getFields().isEmpty());
    }

    private <T extends FederationResponse> T call(String function, String context, FederationRequest request, Class<T> type,
                                                  boolean columnless) {
        byte[] payload;
        try {
            payload = serde.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new UncheckedIOException("serializing " + request.getClass().getSimpleName() + " failed", e);
        }
        InvokeResponse response;
        try {
            response = lambda.invoke(b -> b.functionName(function).payload(SdkBytes.fromByteArray(payload)));
        } catch (SdkException e) {
            throw new TrinoException(GENERIC_USER_ERROR, "Invoking the Lambda function " + function + " (" + context
                    + ") failed: " + e.getMessage(), e);
        }
        if (response.functionError() != null) {
            throw functionError(function, context, response.payload().asByteArray());
        }
        FederationResponse parsed;
        try {
            byte[] answer = response.payload().asByteArray();
            parsed = columnless ? ColumnlessAnswers.read(serde, answer) : serde.readValue(answer, FederationResponse.class);
        } catch (IOException | RuntimeException e) {
            throw unreadable(function, context, request, e);
        }
        if (!type.isInstance(parsed)) {
            String answered = parsed.getClass().getSimpleName();
            try {
                parsed.close();
            } catch (Exception e) {
                // the answer is dropped either way
            }
            throw new TrinoException(GENERIC_USER_ERROR, "The Lambda function " + function + " answered " + answered
                    + " where " + type.getSimpleName() + " was expected (" + context + ")");
        }
        return type.cast(parsed);
    }

    /** An answer the federation protocol cannot read: which function, which call, and why — never a bare NullPointerException. */
    private static TrinoException unreadable(String function, String context, FederationRequest request, Exception cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getName() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new TrinoException(GENERIC_USER_ERROR, "The answer of the Lambda function " + function + " to "
                + request.getClass().getSimpleName() + " (" + context + ") is not a federation protocol message Athena can read: " + reason, cause);
    }

    /** Athena's words for a connector failure: the exception type, the function, the context, the connector's message. */
    private TrinoException functionError(String function, String context, byte[] errorDocument) {
        String type = "Unhandled";
        String message = new String(errorDocument, java.nio.charset.StandardCharsets.UTF_8);
        try {
            JsonNode error = new ObjectMapper().readTree(errorDocument);
            if (error != null && error.hasNonNull("errorMessage")) {
                message = error.get("errorMessage").asText();
                type = error.path("errorType").asText(type);
            }
        } catch (IOException e) {
            // not Lambda's error document: show the payload as it is
        }
        return new TrinoException(GENERIC_USER_ERROR, "Encountered an exception[" + type + "] from your LambdaFunction["
                + function + "] executed in context[" + context + "] with message[" + message + "]");
    }

    /** The table's pushed predicate as the protocol's Constraints; close them once the request is answered. */
    com.amazonaws.athena.connector.lambda.domain.predicate.Constraints constraints(LambdaTableHandle table) {
        return PushedConstraints.of(table, allocator);
    }

    /** One spilled block, read from the spill bucket and decrypted with the split's key. */
    Block readSpilled(S3SpillLocation location, EncryptionKey key, Schema schema) {
        return new S3BlockSpillReader(spillS3, allocator).read(location, key, schema);
    }

    ObjectMapper serde() {
        return serde;
    }

    @Override
    public void close() {
        lambda.close();
        spillS3.close();
        allocator.close();
    }
}
