package io.athenalake.connector.parquet;

import org.apache.parquet.filter2.compat.RowGroupFilter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

import java.util.ArrayList;
import java.util.List;

/**
 * How a file is cut into splits: one split for a small file, and for a large one consecutive row groups
 * of about the target size each. Row groups whose statistics exclude the query's constraints are left out;
 * a file with none left yields no split at all.
 */
public final class SplitPlanner {

    /** A byte range of a file; parquet reads the row groups whose midpoint lies inside it. */
    public record ByteRange(long start, long end, long rows) {
    }

    private SplitPlanner() {
    }

    public static List<ByteRange> plan(ParquetMetadata footer, long fileSize, ParquetPredicate predicate, long targetBytes) {
        if (predicate.matchesNothing()) {
            return List.of();
        }
        List<BlockMetaData> blocks = footer.getBlocks();
        List<BlockMetaData> kept = predicate.filter().isPresent()
                ? RowGroupFilter.filterRowGroups(predicate.compat(), blocks, footer.getFileMetaData().getSchema())
                : blocks;
        if (kept.isEmpty()) {
            return List.of();
        }
        if (fileSize <= targetBytes || kept.size() == 1) {
            long rows = kept.stream().mapToLong(BlockMetaData::getRowCount).sum();
            return List.of(new ByteRange(0, fileSize, rows));
        }
        List<ByteRange> ranges = new ArrayList<>();
        long start = -1;
        long end = 0;
        long bytes = 0;
        long rows = 0;
        for (BlockMetaData block : kept) {
            long blockStart = block.getStartingPos();
            long blockEnd = blockStart + block.getCompressedSize();
            if (start < 0) {
                start = blockStart;
            }
            end = blockEnd;
            bytes += block.getCompressedSize();
            rows += block.getRowCount();
            if (bytes >= targetBytes) {
                ranges.add(new ByteRange(start, end, rows));
                start = -1;
                bytes = 0;
                rows = 0;
            }
        }
        if (start >= 0) {
            ranges.add(new ByteRange(start, end, rows));
        }
        return ranges;
    }
}
