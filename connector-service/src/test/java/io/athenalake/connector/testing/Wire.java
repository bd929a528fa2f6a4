package io.athenalake.connector.testing;

import com.amazonaws.athena.connector.lambda.data.BlockAllocator;
import com.amazonaws.athena.connector.lambda.handlers.CompositeHandler;
import com.amazonaws.athena.connector.lambda.request.FederationRequest;
import com.amazonaws.athena.connector.lambda.request.FederationResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Calls a connector the way the Lambda runtime does: JSON in, JSON out, through the SDK's serde. */
public final class Wire {

    private final CompositeHandler handler;
    private final Federation serde;

    public Wire(CompositeHandler handler, BlockAllocator allocator) {
        this.handler = handler;
        this.serde = new Federation(allocator);
    }

    public <T extends FederationResponse> T call(FederationRequest request, Class<T> type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(serde.json(request)), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return type.cast(serde.response(out.toByteArray(), type));
    }
}
