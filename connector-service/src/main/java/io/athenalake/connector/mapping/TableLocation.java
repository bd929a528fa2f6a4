package io.athenalake.connector.mapping;

import io.athenalake.connector.storage.MinioStorage;

/**
 * Where a table's files live.
 *
 * @param prefix the table folder's key prefix, ending with {@code /}
 */
public record TableLocation(String bucket, String folder, String prefix) {

    public String uri() {
        return MinioStorage.location(bucket, prefix);
    }
}
