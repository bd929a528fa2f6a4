package io.athenalake.lambdacatalog;

import com.amazonaws.athena.connector.lambda.data.Block;
import com.amazonaws.athena.connector.lambda.domain.spill.S3SpillLocation;
import com.amazonaws.athena.connector.lambda.domain.spill.SpillLocation;
import com.amazonaws.athena.connector.lambda.records.ReadRecordsResponse;
import com.amazonaws.athena.connector.lambda.records.RecordResponse;
import com.amazonaws.athena.connector.lambda.records.RemoteReadRecordsResponse;
import io.airlift.slice.Slice;
import io.trino.spi.connector.RecordCursor;
import io.trino.spi.type.Type;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Schema;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Walks the blocks of one ReadRecords answer: the inline block, or each spilled block in turn (read, decrypted, closed). */
final class LambdaRecordCursor implements RecordCursor {

    private final FederationClient federation;
    private final RecordResponse response;
    private final List<LambdaColumnHandle> columns;
    private final Deque<SpillLocation> spilled = new ArrayDeque<>();
    private final RemoteReadRecordsResponse remote;
    private final Schema schema;
    private final long startNanos = System.nanoTime();
    private Block block;
    private FieldVector[] vectors;
    private int row = -1;

    LambdaRecordCursor(FederationClient federation, RecordResponse response, List<LambdaColumnHandle> columns,
                       LambdaSplit split, Schema schema) {
        this.federation = federation;
        this.response = response;
        this.columns = columns;
        this.schema = schema;
        if (response instanceof ReadRecordsResponse inline) {
            this.remote = null;
            use(inline.getRecords());
        } else {
            this.remote = (RemoteReadRecordsResponse) response;
            spilled.addAll(remote.getRemoteBlocks());
        }
    }

    private void use(Block next) {
        block = next;
        row = -1;
        vectors = new FieldVector[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            vectors[i] = next.getFieldVector(columns.get(i).name());
        }
    }

    @Override
    public boolean advanceNextPosition() {
        while (block == null || row + 1 >= block.getRowCount()) {
            if (remote == null || spilled.isEmpty()) {
                return false;
            }
            closeSpilledBlock();
            use(federation.readSpilled((S3SpillLocation) spilled.poll(), remote.getEncryptionKey(), schema));
        }
        row++;
        return true;
    }

    @Override
    public long getCompletedBytes() {
        return 0;
    }

    @Override
    public long getReadTimeNanos() {
        return System.nanoTime() - startNanos;
    }

    @Override
    public Type getType(int field) {
        return columns.get(field).type();
    }

    @Override
    public boolean getBoolean(int field) {
        return ArrowTypes.booleanValue(vectors[field], row);
    }

    @Override
    public long getLong(int field) {
        return ArrowTypes.longValue(vectors[field], columns.get(field).type(), row);
    }

    @Override
    public double getDouble(int field) {
        return ArrowTypes.doubleValue(vectors[field], row);
    }

    @Override
    public Slice getSlice(int field) {
        return ArrowTypes.sliceValue(vectors[field], row);
    }

    @Override
    public Object getObject(int field) {
        return ArrowTypes.objectValue(vectors[field], columns.get(field).type(), row);
    }

    @Override
    public boolean isNull(int field) {
        return vectors[field].isNull(row);
    }

    private void closeSpilledBlock() {
        if (remote != null && block != null) {
            try {
                block.close();
            } catch (Exception e) {
                throw new IllegalStateException("releasing a spilled block failed", e);
            }
            block = null;
        }
    }

    @Override
    public void close() {
        closeSpilledBlock();
        try {
            response.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
