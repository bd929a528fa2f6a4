package io.athenalake.connector.parquet;

import com.amazonaws.athena.connector.lambda.QueryStatusChecker;
import com.amazonaws.athena.connector.lambda.data.Block;
import com.amazonaws.athena.connector.lambda.data.BlockSpiller;
import com.amazonaws.athena.connector.lambda.data.BlockUtils;
import com.amazonaws.athena.connector.lambda.domain.predicate.Constraints;
import com.amazonaws.athena.connector.lambda.exceptions.AthenaConnectorException;
import io.athenalake.connector.mapping.Names;
import io.athenalake.connector.storage.MinioStorage;
import io.athenalake.connector.storage.S3InputFile;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one split — a file, or a range of its row groups — into the SDK's block spiller, record by record:
 * only the requested columns (plus those the filter needs) are decoded, row groups are skipped by their
 * statistics, records by the filter, and reading stops at the pushed-down limit or as soon as Athena no
 * longer needs rows. Memory is bounded by one row group's pages plus the spiller's block.
 */
public class ParquetSplitReader {

    /**
     * Rows handed to the spiller per call (its maximum): the spiller measures its block after every call, so
     * one row per call would spend most of the time measuring.
     */
    private static final int ROWS_PER_WRITE = 100;

    private final MinioStorage storage;
    private final ParquetFooters footers;

    public ParquetSplitReader(MinioStorage storage, ParquetFooters footers) {
        this.storage = storage;
        this.footers = footers;
    }

    /** @return the number of rows written */
    public long read(SplitProperties split, Schema requested, Constraints constraints, BlockSpiller spiller,
                     QueryStatusChecker status) {
        ParquetMetadata footer = footers.footer(split.bucket(), split.key(), split.size());
        MessageType fileSchema = footer.getFileMetaData().getSchema();
        Set<String> partitionColumns = split.partitionValues().keySet();
        ParquetPredicate predicate = ParquetPredicate.of(constraints.getSummary(), fileSchema, partitionColumns);
        if (predicate.matchesNothing()) {
            return 0;
        }
        long limit = constraints.hasLimit() && !constraints.hasNonEmptyOrderByClause() ? constraints.getLimit() : Long.MAX_VALUE;

        List<Field> dataFields = new ArrayList<>();
        List<Field> partitionFields = new ArrayList<>();
        for (Field field : requested.getFields()) {
            (partitionColumns.contains(field.getName()) ? partitionFields : dataFields).add(field);
        }
        List<Type> projected = new ArrayList<>();
        for (Type column : fileSchema.getFields()) {
            String name = Names.athenaName(column.getName());
            boolean wanted = dataFields.stream().anyMatch(f -> f.getName().equals(name)) || predicate.columns().contains(column.getName());
            if (wanted) {
                projected.add(column);
            }
        }
        RowSink sink = new RowSink(split.partitionValues(), partitionFields, spiller);
        if (projected.isEmpty()) {
            return countOnly(footer, split, limit, sink, status);
        }
        MessageType projection = new MessageType(fileSchema.getName(), projected);
        List<ColumnCopier> copiers = new ArrayList<>();
        for (Field field : dataFields) {
            int index = -1;
            for (int i = 0; i < projected.size(); i++) {
                if (Names.athenaName(projected.get(i).getName()).equals(field.getName())) {
                    index = i;
                }
            }
            copiers.add(index < 0 ? ColumnCopier.missing(field.getName()) : ColumnCopier.of(field, projection, index));
        }

        S3InputFile file = storage.inputFile(split.bucket(), split.key(), split.size());
        long written = 0;
        try (ParquetReader<Group> reader = new GroupReaderBuilder(file, projection)
                .withCodecFactory(new ParquetCodecs())
                .withFileRange(split.start(), split.end())
                .withFilter(predicate.compat())
                .useStatsFilter()
                .useDictionaryFilter()
                .useColumnIndexFilter()
                .useRecordFilter()
                .build()) {
            Group[] batch = new Group[ROWS_PER_WRITE];
            int pending = 0;
            Group record;
            while (written < limit && (record = reader.read()) != null) {
                batch[pending++] = record;
                written++;
                if (pending == ROWS_PER_WRITE) {
                    write(spiller, copiers, sink, batch, pending);
                    pending = 0;
                    if (!status.isQueryRunning()) {
                        break;
                    }
                }
            }
            write(spiller, copiers, sink, batch, pending);
        } catch (Exception e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof AthenaConnectorException connectorError) {
                    throw connectorError;
                }
            }
            throw ParquetFooters.notParquet(split.uri(), e);
        }
        return written;
    }

    private static void write(BlockSpiller spiller, List<ColumnCopier> copiers, RowSink sink, Group[] batch, int count) {
        if (count == 0) {
            return;
        }
        spiller.writeRows((block, firstRow) -> {
            for (ColumnCopier copier : copiers) {
                FieldVector vector = block.getFieldVector(copier.name);
                for (int i = 0; i < count; i++) {
                    copier.copy(batch[i], vector, firstRow + i);
                }
            }
            for (int i = 0; i < count; i++) {
                sink.partitions(block, firstRow + i);
            }
            return count;
        });
    }

    /** No file column is needed (e.g. {@code count(*)}): the row counts of the split's row groups are enough. */
    private long countOnly(ParquetMetadata footer, SplitProperties split, long limit, RowSink sink, QueryStatusChecker status) {
        long rows = 0;
        for (BlockMetaData block : footer.getBlocks()) {
            long middle = block.getStartingPos() + block.getCompressedSize() / 2;
            if (middle >= split.start() && middle < split.end()) {
                rows += block.getRowCount();
            }
        }
        long toWrite = Math.min(rows, limit);
        long written = 0;
        while (written < toWrite) {
            if (!status.isQueryRunning()) {
                break;
            }
            int batch = (int) Math.min(100, toWrite - written);
            sink.spiller.writeRows((block, row) -> {
                for (int i = 0; i < batch; i++) {
                    sink.partitions(block, row + i);
                }
                return batch;
            });
            written += batch;
        }
        return written;
    }

    /** Writes a split's partition values, the same in every row. */
    private record RowSink(Map<String, String> values, List<Field> fields, BlockSpiller spiller) {
        void partitions(Block block, int row) {
            for (Field field : fields) {
                FieldVector vector = block.getFieldVector(field.getName());
                BlockUtils.setValue(vector, row, values.get(field.getName()));
            }
        }
    }

    /**
     * parquet-hadoop's record reader over any {@link InputFile}, materializing example {@link Group}s of the projection.
     * The projection is handed over as a schema object, never as text: parquet's schema parser cannot read back names
     * with spaces or an unnamed root.
     */
    static final class GroupReaderBuilder extends ParquetReader.Builder<Group> {
        private final MessageType projection;

        GroupReaderBuilder(InputFile file, MessageType projection) {
            super(file);
            this.projection = projection;
        }

        @Override
        protected ReadSupport<Group> getReadSupport() {
            return new GroupReadSupport() {
                @Override
                public ReadContext init(InitContext context) {
                    return new ReadContext(projection);
                }
            };
        }
    }
}
