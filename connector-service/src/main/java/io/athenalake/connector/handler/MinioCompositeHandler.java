package io.athenalake.connector.handler;

import com.amazonaws.athena.connector.lambda.handlers.CompositeHandler;

/** Both halves behind one Lambda function, as Athena's LAMBDA catalog calls it. */
public class MinioCompositeHandler extends CompositeHandler {

    public MinioCompositeHandler(MinioMetadataHandler metadata, MinioRecordHandler records) {
        super(metadata, records);
    }
}
