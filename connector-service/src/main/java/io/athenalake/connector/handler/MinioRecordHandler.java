package io.athenalake.connector.handler;

import com.amazonaws.athena.connector.lambda.QueryStatusChecker;
import com.amazonaws.athena.connector.lambda.data.BlockAllocator;
import com.amazonaws.athena.connector.lambda.data.BlockSpiller;
import com.amazonaws.athena.connector.lambda.data.SpillConfig;
import com.amazonaws.athena.connector.lambda.handlers.RecordHandler;
import com.amazonaws.athena.connector.lambda.records.ReadRecordsRequest;
import com.amazonaws.athena.connector.lambda.records.RecordResponse;
import io.athenalake.connector.config.ConnectorSettings;
import io.athenalake.connector.parquet.ParquetSplitReader;
import io.athenalake.connector.parquet.SplitProperties;
import io.athenalake.connector.spill.SpillBucketCheck;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The record half of the protocol: reads one split's parquet rows into blocks, inline or spilled. */
public class MinioRecordHandler extends RecordHandler {

    private final ParquetSplitReader reader;
    private final SpillBucketCheck spillCheck;

    public MinioRecordHandler(ConnectorSettings settings, S3Client spillS3, SecretsManagerClient secretsManager, AthenaClient athena,
                              ParquetSplitReader reader, SpillBucketCheck spillCheck) {
        super(spillS3, secretsManager, athena, ConnectorSettings.SOURCE_TYPE, settings.sdkOptions());
        this.reader = reader;
        this.spillCheck = spillCheck;
    }

    @Override
    public RecordResponse doReadRecords(BlockAllocator allocator, ReadRecordsRequest request) throws Exception {
        try {
            return super.doReadRecords(allocator, request);
        } catch (RuntimeException e) {
            // the SDK spills on its own threads; a refused write surfaces here wrapped
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof S3Exception s3) {
                    throw spillCheck.failure(s3);
                }
            }
            throw e;
        }
    }

    /**
     * One spill thread, not the SDK's default of several: its spiller adds spill locations to an unsynchronized
     * list from every spill thread, and with more than one a block's location is occasionally lost (rows silently
     * missing from large results — seen in this module's tests).
     */
    @Override
    protected SpillConfig getSpillConfig(ReadRecordsRequest request) {
        SpillConfig sdk = super.getSpillConfig(request);
        return SpillConfig.newBuilder()
                .withSpillLocation(sdk.getSpillLocation())
                .withMaxBlockBytes(sdk.getMaxBlockBytes())
                .withMaxInlineBlockBytes(sdk.getMaxInlineBlockSize())
                .withRequestId(sdk.getRequestId())
                .withEncryptionKey(sdk.getEncryptionKey())
                .withNumSpillThreads(1)
                .build();
    }

    @Override
    protected void readWithConstraint(BlockSpiller spiller, ReadRecordsRequest request, QueryStatusChecker status) {
        reader.read(SplitProperties.from(request.getSplit()), request.getSchema(), request.getConstraints(), spiller, status);
    }
}
