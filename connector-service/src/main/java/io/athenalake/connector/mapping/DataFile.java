package io.athenalake.connector.mapping;

import io.athenalake.connector.storage.MinioStorage;

import java.util.Map;

/**
 * One parquet object of a table.
 *
 * @param partitionValues the {@code key=value} folders between the table folder and the file, by lower-cased key, in path order
 */
public record DataFile(String bucket, String key, long size, Map<String, String> partitionValues) {

    public String uri() {
        return MinioStorage.location(bucket, key);
    }
}
