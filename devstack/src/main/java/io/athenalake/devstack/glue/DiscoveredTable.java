package io.athenalake.devstack.glue;

import java.util.List;
import java.util.Map;

/**
 * A table a crawl found under its S3 targets, before it is registered.
 *
 * @param name               the Glue table name (with the crawler's {@code TablePrefix})
 * @param location           {@code s3://bucket/folder/}
 * @param columns            the table's columns (name → Glue type) from all its files, the first type seen winning;
 *                           partition keys excluded
 * @param partitionKeys      the partition key names, from the folders between the table and its files
 * @param partitionLocations each partition's values → its folder ({@code s3://…/})
 * @param partitionColumns   each partition's values → the columns of its own files
 */
record DiscoveredTable(String name, String location, Map<String, String> columns, List<String> partitionKeys,
                       Map<List<String>, String> partitionLocations,
                       Map<List<String>, Map<String, String>> partitionColumns) {
}
