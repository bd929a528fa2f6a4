package io.athenalake.connector.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.athenalake.connector.handler.MinioCompositeHandler;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The Lambda entry point: Athena's federation requests in its JSON wire format, answered in the same format
 * by the SDK's composite handler. An error reaches Athena as the Lambda error's message.
 */
@Named("connector")
public class ConnectorLambda implements RequestStreamHandler {

    @Inject
    MinioCompositeHandler handler;

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        handler.handleRequest(input, output, context);
    }
}
