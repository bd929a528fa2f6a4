package io.athenalake.connector.parquet;

import com.amazonaws.athena.connector.lambda.domain.Split;
import io.athenalake.connector.mapping.DataFile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a split carries from get-splits to read-records: the file, its byte range and its partition values. */
public record SplitProperties(String bucket, String key, long size, long start, long end, Map<String, String> partitionValues) {

    private static final String BUCKET = "bucket";
    private static final String KEY = "key";
    private static final String SIZE = "size";
    private static final String START = "range_start";
    private static final String END = "range_end";
    private static final String PARTITION_COLUMNS = "partition_columns";
    private static final String PARTITION = "partition.";

    public static SplitProperties of(DataFile file, SplitPlanner.ByteRange range) {
        return new SplitProperties(file.bucket(), file.key(), file.size(), range.start(), range.end(), file.partitionValues());
    }

    public Split.Builder addTo(Split.Builder split) {
        split.add(BUCKET, bucket).add(KEY, key).add(SIZE, Long.toString(size))
                .add(START, Long.toString(start)).add(END, Long.toString(end))
                .add(PARTITION_COLUMNS, String.join("/", partitionValues.keySet()));
        partitionValues.forEach((column, value) -> split.add(PARTITION + column, value));
        return split;
    }

    public static SplitProperties from(Split split) {
        Map<String, String> partitions = new LinkedHashMap<>();
        String columns = split.getProperty(PARTITION_COLUMNS);
        if (columns != null && !columns.isEmpty()) {
            for (String column : columns.split("/")) {
                partitions.put(column, split.getProperty(PARTITION + column));
            }
        }
        return new SplitProperties(split.getProperty(BUCKET), split.getProperty(KEY), split.getPropertyAsLong(SIZE),
                split.getPropertyAsLong(START), split.getPropertyAsLong(END), partitions);
    }

    public List<String> partitionColumns() {
        return new ArrayList<>(partitionValues.keySet());
    }

    public String uri() {
        return "s3://" + bucket + "/" + key;
    }
}
