package io.athenalake.connector.mapping;

import io.athenalake.connector.errors.ConnectorErrors;
import io.athenalake.connector.storage.MinioStorage;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store seen as a catalog: every bucket whose name starts with the prefix is a database, every folder
 * under the tables path a table, the objects below it its files, {@code key=value} folders its partitions.
 * Everything is listed live; nothing is cached across requests, so new buckets and folders appear at once.
 */
public class LakeCatalog {

    private final MinioStorage storage;
    private final String bucketPrefix;
    private final String tablesPrefix;

    public LakeCatalog(MinioStorage storage, String bucketPrefix, String tablesPath) {
        this.storage = storage;
        this.bucketPrefix = bucketPrefix;
        this.tablesPrefix = tablesPath.isEmpty() ? "" : tablesPath + "/";
    }

    public List<String> databases() {
        List<String> buckets = storage.listBuckets().stream().filter(this::isDatabase).toList();
        return Names.athenaNames(buckets);
    }

    /** Table names of a database, lower-cased and sorted. */
    public List<String> tables(String database) {
        String bucket = bucket(database);
        return Names.athenaNames(storage.listFolders(bucket, tablesPrefix));
    }

    public TableLocation table(String database, String table) {
        String bucket = bucket(database);
        List<String> folders = storage.listFolders(bucket, tablesPrefix);
        String folder = Names.resolve(table, folders, "table", MinioStorage.location(bucket, tablesPrefix));
        return new TableLocation(bucket, folder, tablesPrefix + folder + "/");
    }

    /**
     * The table's data files. Hidden objects ({@code _SUCCESS}, {@code .crc}, anything under a folder
     * starting with {@code _} or {@code .}) and folder markers are skipped; every other object is data,
     * so a stray non-parquet object is reported, not silently ignored.
     */
    public List<DataFile> files(TableLocation table) {
        List<DataFile> files = new ArrayList<>();
        List<String> partitionKeys = null;
        String firstKey = null;
        for (S3Object object : storage.listObjects(table.bucket(), table.prefix())) {
            String relative = object.key().substring(table.prefix().length());
            if (relative.isEmpty() || relative.endsWith("/") || hidden(relative)) {
                continue;
            }
            Map<String, String> partitions = partitionValues(relative);
            List<String> keys = List.copyOf(partitions.keySet());
            if (partitionKeys == null) {
                partitionKeys = keys;
                firstKey = object.key();
            } else if (!partitionKeys.equals(keys)) {
                throw ConnectorErrors.invalidInput("The table at " + table.uri() + " mixes partition layouts: "
                        + MinioStorage.location(table.bucket(), firstKey) + " is under " + describe(partitionKeys) + " but "
                        + MinioStorage.location(table.bucket(), object.key()) + " is under " + describe(keys) + ".");
            }
            files.add(new DataFile(table.bucket(), object.key(), object.size(), partitions));
        }
        return files;
    }

    public boolean isDatabase(String bucket) {
        return bucket.startsWith(bucketPrefix);
    }

    private String bucket(String database) {
        List<String> buckets = storage.listBuckets().stream().filter(this::isDatabase).toList();
        return Names.resolve(database, buckets, "database (bucket)", "the buckets starting with '" + bucketPrefix + "'");
    }

    static boolean hidden(String relativeKey) {
        for (String segment : relativeKey.split("/")) {
            if (segment.startsWith("_") || segment.startsWith(".")) {
                return true;
            }
        }
        return relativeKey.endsWith(".crc");
    }

    /** The {@code key=value} folders of a path relative to the table folder, keys lower-cased, values unescaped as Hive escapes them. */
    static Map<String, String> partitionValues(String relativeKey) {
        Map<String, String> values = new LinkedHashMap<>();
        String[] segments = relativeKey.split("/");
        for (int i = 0; i < segments.length - 1; i++) {
            int eq = segments[i].indexOf('=');
            if (eq > 0) {
                String key = Names.athenaName(segments[i].substring(0, eq));
                String value = URLDecoder.decode(segments[i].substring(eq + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
                values.put(key, value);
            }
        }
        return values;
    }

    private static String describe(List<String> keys) {
        return keys.isEmpty() ? "no partition folders" : "partition folders " + String.join("/", keys);
    }
}
