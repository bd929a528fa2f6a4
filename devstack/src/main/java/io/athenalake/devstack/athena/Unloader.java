package io.athenalake.devstack.athena;

import io.athenalake.devstack.s3.S3Location;
import io.athenalake.devstack.trino.TrinoCatalogs;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an UNLOAD needs besides Trino's CTAS: its TO location checked empty first (Athena "verifies that the bucket
 * location is empty" and writes nothing otherwise), the session that makes Trino write several files in parallel with
 * the asked compression, a scratch table in the devstack's own {@code athena_unload} catalog — a file metastore, so it
 * never shows in Glue — dropped once the files are written (they stay: the table is external), and the files found.
 */
final class Unloader {

    /** Athena's limit on the partitions of one UNLOAD. */
    static final int MAX_PARTITIONS = 100;
    /** Local writers per Trino task: several files for a large enough result, as Athena writes "in parallel". */
    static final int WRITERS = 4;
    /** A writer starts a new file past this size, so a large result is many files even on one node. */
    static final String TARGET_FILE_SIZE = "8MB";
    private static final String SCHEMA = TrinoCatalogs.UNLOAD_CATALOG + ".unload";

    private final S3Client s3;

    Unloader(S3Client s3) {
        this.s3 = s3;
    }

    /** Fails as Athena does when the TO location already holds an object. */
    void requireEmptyTarget(QueryExecution execution, UnloadStatement unload) {
        S3Location target = unload.target();
        try {
            if (s3.listObjectsV2(b -> b.bucket(target.bucket()).prefix(target.key()).maxKeys(1)).keyCount() > 0) {
                throw new UnloadStatement.InvalidUnload("HIVE_PATH_ALREADY_EXISTS", "Target directory for table '"
                        + scratchTableName(execution) + "' already exists: " + target);
            }
        } catch (NoSuchBucketException e) {
            throw new UnloadStatement.InvalidUnload("HIVE_FILESYSTEM_ERROR", "The bucket of the TO location does not exist: "
                    + target);
        }
    }

    /** Trino session properties for the UNLOAD's CTAS. */
    static Map<String, String> sessionProperties(UnloadStatement unload) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("scale_writers", "false");
        properties.put("task_scale_writers_enabled", "false");
        properties.put("task_min_writer_count", Integer.toString(WRITERS));
        properties.put(TrinoCatalogs.UNLOAD_CATALOG + ".target_max_file_size", TARGET_FILE_SIZE);
        properties.put(TrinoCatalogs.UNLOAD_CATALOG + ".compression_codec", unload.compression());
        return properties;
    }

    static String createSchema() {
        return "CREATE SCHEMA IF NOT EXISTS " + SCHEMA;
    }

    static String createTableAs(QueryExecution execution, UnloadStatement unload) {
        return unload.createTableAs(SCHEMA + "." + scratchTableName(execution));
    }

    static String dropTable(QueryExecution execution) {
        return "DROP TABLE IF EXISTS " + SCHEMA + "." + scratchTableName(execution);
    }

    /** Every object under the TO location, which was empty before: what the UNLOAD wrote, as {@code s3://} URIs. */
    List<String> writtenFiles(UnloadStatement unload) {
        S3Location target = unload.target();
        return s3.listObjectsV2Paginator(b -> b.bucket(target.bucket()).prefix(target.key())).contents().stream()
                .map(S3Object::key).map(key -> "s3://" + target.bucket() + "/" + key).toList();
    }

    /**
     * Athena's limit of 100 partitions an UNLOAD: Trino checks its own per writer, so several writers together can
     * exceed it. The files stay, as Athena leaves a failed query's files.
     */
    static void requireAtMostMaxPartitions(UnloadStatement unload, List<String> files) {
        if (unload.partitionedBy().isEmpty()) {
            return;
        }
        String folder = unload.target().toString();
        long partitions = files.stream().map(file -> file.substring(folder.length()))
                .map(relative -> relative.substring(0, Math.max(0, relative.lastIndexOf('/'))))
                .distinct().count();
        if (partitions > MAX_PARTITIONS) {
            throw new UnloadStatement.InvalidUnload("HIVE_TOO_MANY_OPEN_PARTITIONS", "Exceeded limit of " + MAX_PARTITIONS
                    + " open writers for partitions/buckets: the UNLOAD wrote " + partitions + " partitions");
        }
    }

    private static String scratchTableName(QueryExecution execution) {
        return "unload_" + execution.id.replace('-', '_');
    }
}
