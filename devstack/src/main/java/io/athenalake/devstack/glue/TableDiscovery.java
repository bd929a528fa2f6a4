package io.athenalake.devstack.glue;

import com.fasterxml.jackson.databind.JsonNode;
import io.athenalake.devstack.s3.S3Location;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The crawl itself: lists one S3 target, decides which folders are tables and which are their partitions, and reads each
 * data file's parquet footer for its columns ({@link ParquetSchemas}); every table found goes to the caller, which
 * registers it.
 *
 * <p>Tables: when every folder directly under a target is {@code key=value}, the target itself is one partitioned table;
 * otherwise each folder directly under the target is a table (named like Glue: lower-case, other characters → {@code _},
 * with the crawler's {@code TablePrefix}). With the Configuration's {@code Grouping.TableLevelConfiguration}, the tables
 * are the folders at that absolute level from the bucket (the top folder is level 1) — below the target, or the target or
 * one of its parents when the target is at or below that level — and every deeper folder is a partition:
 * {@code key=value}, or {@code partition_N} for plain folders, as Glue names them.
 */
final class TableDiscovery {

    private final S3Client s3;

    TableDiscovery(S3Client s3) {
        this.s3 = s3;
    }

    /** The target's {@code Exclusions} (Glue's glob patterns, relative to the target) as regular expressions. */
    static List<Pattern> exclusions(JsonNode target) {
        List<Pattern> patterns = new ArrayList<>();
        for (JsonNode glob : target.path("Exclusions")) {
            String regex = glob.asText().replace(".", "\\.").replace("**", "\u0001").replace("*", "[^/]*")
                    .replace("\u0001", ".*").replace("?", ".");
            patterns.add(Pattern.compile(regex));
        }
        return patterns;
    }

    /** Finds the tables under one S3 target; stops between tables and files once {@code stopRequested} says so. */
    void crawl(S3Location target, List<Pattern> exclusions, CrawlerSettings settings, CrawlCounts counts,
               BooleanSupplier stopRequested, Consumer<DiscoveredTable> found) {
        String prefix = target.keyAsFolder();
        Map<String, List<S3Object>> byTopFolder = new TreeMap<>();
        List<S3Object> atRoot = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(target.bucket()).prefix(prefix)).contents()) {
            String relative = object.key().substring(prefix.length());
            if (!isDataFile(relative) || exclusions.stream().anyMatch(p -> p.matcher(relative).matches())) {
                continue;
            }
            int slash = relative.indexOf('/');
            if (slash < 0) {
                atRoot.add(object);
            } else {
                byTopFolder.computeIfAbsent(relative.substring(0, slash), k -> new ArrayList<>()).add(object);
            }
        }
        boolean targetIsOneTable = !atRoot.isEmpty() && byTopFolder.isEmpty()
                || !byTopFolder.isEmpty() && byTopFolder.keySet().stream().allMatch(f -> f.contains("="));
        String tablePrefix = settings.tablePrefix();
        int tableLevel = settings.tableLevel();
        if (tableLevel > 0) {
            // Grouping.TableLevelConfiguration: the tables are the folders at that absolute level from the bucket (the
            // top folder is level 1) — below the target, the target itself or one of its parents — and every deeper
            // folder is a partition
            Map<String, List<S3Object>> byTableFolder = new TreeMap<>();
            List<S3Object> all = new ArrayList<>(atRoot);
            byTopFolder.values().forEach(all::addAll);
            for (S3Object object : all) {
                String[] segments = object.key().split("/");
                if (segments.length <= tableLevel) {
                    counts.warnings.add("skipped s3://" + target.bucket() + "/" + object.key() + ": not below the table level "
                            + tableLevel);
                    continue;
                }
                byTableFolder.computeIfAbsent(String.join("/", Arrays.copyOf(segments, tableLevel)) + "/",
                        k -> new ArrayList<>()).add(object);
            }
            for (var folder : byTableFolder.entrySet()) {
                if (stopRequested.getAsBoolean()) {
                    return;
                }
                table(tablePrefix + tableName(lastSegment(folder.getKey())), target.bucket(), folder.getKey(),
                        folder.getValue(), counts, stopRequested, found);
            }
            return;
        }
        if (targetIsOneTable) {
            List<S3Object> files = new ArrayList<>(atRoot);
            byTopFolder.values().forEach(files::addAll);
            String folder = prefix.isEmpty() ? target.bucket() : lastSegment(prefix);
            table(tablePrefix + tableName(folder), target.bucket(), prefix, files, counts, stopRequested, found);
        } else {
            for (var folder : byTopFolder.entrySet()) {
                if (stopRequested.getAsBoolean()) {
                    return;
                }
                table(tablePrefix + tableName(folder.getKey()), target.bucket(), prefix + folder.getKey() + "/",
                        folder.getValue(), counts, stopRequested, found);
            }
            atRoot.forEach(o -> counts.warnings.add("skipped s3://" + target.bucket() + "/" + o.key()
                    + ": files directly under a target with table folders belong to no table"));
        }
    }

    /**
     * One table folder: its partitions from the folders between it and each file, its columns from the files' footers.
     * Files whose folders do not match the first file's partitions, and files that are not parquet, are skipped with a
     * warning; a folder without parquet data is no table.
     */
    private void table(String table, String bucket, String tableFolder, List<S3Object> files, CrawlCounts counts,
                       BooleanSupplier stopRequested, Consumer<DiscoveredTable> found) {
        Map<String, String> columns = new LinkedHashMap<>();
        Map<List<String>, String> partitionLocations = new LinkedHashMap<>();
        Map<List<String>, Map<String, String>> partitionColumns = new LinkedHashMap<>();
        List<String> partitionKeys = null;
        for (S3Object file : files) {
            if (stopRequested.getAsBoolean()) {
                return;
            }
            String relative = file.key().substring(tableFolder.length());
            List<String> folders = new ArrayList<>(List.of(relative.split("/")));
            folders.remove(folders.size() - 1);
            List<String> keys = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int i = 0; i < folders.size(); i++) {
                String folder = folders.get(i);
                int eq = folder.indexOf('=');
                keys.add(eq > 0 ? tableName(folder.substring(0, eq)) : "partition_" + i);
                values.add(eq > 0 ? folder.substring(eq + 1) : folder);
            }
            if (partitionKeys == null) {
                partitionKeys = keys;
            } else if (!partitionKeys.equals(keys)) {
                counts.warnings.add("skipped s3://" + bucket + "/" + file.key() + ": its folders " + keys
                        + " do not match the table's partitions " + partitionKeys);
                continue;
            }
            Map<String, String> fileColumns;
            try {
                fileColumns = ParquetSchemas.columns(s3, bucket, file.key(), file.size());
            } catch (java.io.IOException e) {
                counts.warnings.add("skipped " + e.getMessage());
                continue;
            }
            fileColumns.forEach(columns::putIfAbsent);
            Map<String, String> ofPartition = partitionColumns.computeIfAbsent(values, v -> new LinkedHashMap<>());
            fileColumns.forEach(ofPartition::putIfAbsent);
            if (!values.isEmpty()) {
                partitionLocations.putIfAbsent(values, "s3://" + bucket + "/" + tableFolder + String.join("/", folders) + "/");
            }
        }
        if (columns.isEmpty()) {
            counts.warnings.add("no parquet data under s3://" + bucket + "/" + tableFolder + ": no table " + table);
            return;
        }
        for (String key : partitionKeys) {
            columns.remove(key);
        }
        found.accept(new DiscoveredTable(table, "s3://" + bucket + "/" + tableFolder, columns, partitionKeys,
                partitionLocations, partitionColumns));
    }

    private static boolean isDataFile(String relative) {
        String file = lastSegment(relative);
        return !file.isEmpty() && !file.startsWith("_") && !file.startsWith(".") && !file.endsWith(".json")
                && !file.endsWith(".crc") && !file.endsWith("$folder$") && !relative.endsWith("/");
    }

    /** A Glue table or column name: lower-case, anything but letters, digits and {@code _} becomes {@code _}. */
    static String tableName(String folder) {
        return folder.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    private static String lastSegment(String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
