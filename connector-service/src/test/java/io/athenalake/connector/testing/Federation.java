package io.athenalake.connector.testing;

import com.amazonaws.athena.connector.lambda.data.BlockAllocator;
import com.amazonaws.athena.connector.lambda.request.FederationRequest;
import com.amazonaws.athena.connector.lambda.request.FederationResponse;
import com.amazonaws.athena.connector.lambda.security.FederatedIdentity;
import com.amazonaws.athena.connector.lambda.serde.VersionedObjectMapperFactory;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Athena's side of the wire: requests and responses in the federation SDK's JSON serde. */
public final class Federation {

    public static final String CATALOG = "minio";
    public static final FederatedIdentity IDENTITY = new FederatedIdentity("arn:aws:iam::000000000000:user/athena", "000000000000",
            Map.of(), List.of(), Map.of());

    private final ObjectMapper mapper;

    public Federation(BlockAllocator allocator) {
        this.mapper = VersionedObjectMapperFactory.create(allocator);
    }

    public byte[] json(FederationRequest request) {
        try {
            return mapper.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public <T extends FederationResponse> T response(byte[] json, Class<T> type) {
        try {
            return (T) mapper.readValue(json, FederationResponse.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
