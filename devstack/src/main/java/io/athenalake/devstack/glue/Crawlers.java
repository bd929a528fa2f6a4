package io.athenalake.devstack.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.athenalake.devstack.aws.AwsException;
import io.athenalake.devstack.aws.AwsJson;
import io.athenalake.devstack.events.EventBridge;
import io.athenalake.devstack.s3.S3Location;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Glue crawlers: Create/Get/List/Start/Stop/Delete, run asynchronously. A crawl reads the
 * parquet footers under its S3 targets, infers each table's schema and its partitions
 * ({@code key=value} folders, or {@code partition_N} for plain folders, as Glue names them),
 * registers them in the {@link GlueCatalog}, and announces its state changes as the EventBridge
 * {@code Glue Crawler State Change} event.
 *
 * <p>A crawl of a table that exists already (UpdateBehavior UPDATE_IN_DATABASE, the default) replaces its
 * columns with those found now — added, removed and retyped columns, as Glue documents — or, with the
 * Configuration {@code MergeNewColumns}, only appends new ones.
 *
 * <p>Tables: when every folder directly under a target is {@code key=value}, the target itself is
 * one partitioned table; otherwise each folder directly under the target is a table (named
 * like Glue: lower-case, other characters → {@code _}, with the crawler's {@code TablePrefix}). With the
 * Configuration's {@code Grouping.TableLevelConfiguration}, the tables are the folders at that absolute level
 * from the bucket (the top folder is level 1) — below the target, or the target or one of its parents when the
 * target is at or below that level — and every deeper folder is a partition.
 *
 * <p>Each partition's columns are those of its own files, as Glue records them (the table's are those of all its
 * files); under UPDATE_IN_DATABASE a partition whose files changed gets its columns updated on the next crawl. With
 * the Configuration's {@code CrawlerOutput.Partitions.AddOrUpdateBehavior InheritFromTable}, new and existing
 * partitions take the table's columns instead.
 */
public final class Crawlers implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Crawlers.class.getName());
    private static final String INVALID = "InvalidInputException";
    private static final Pattern NAME = Pattern.compile("[\\w .@-]{1,255}");
    private static final String PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
    private static final String PARQUET_INPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    private static final String PARQUET_OUTPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";

    private final GlueCatalog catalog;
    private final S3Client s3;
    private final EventBridge events;
    private final Map<String, Crawler> crawlers = new TreeMap<>();
    private final ExecutorService runner = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "glue-crawler");
        thread.setDaemon(true);
        return thread;
    });

    public Crawlers(GlueCatalog catalog, S3Client s3, EventBridge events) {
        this.catalog = catalog;
        this.s3 = s3;
        this.events = events;
    }

    private static final class Crawler {
        ObjectNode definition;
        String state = "READY";
        boolean stopRequested;
        ObjectNode lastCrawl;
        long elapsedMillis;
        final BigDecimal created = now();
        BigDecimal updated = now();
        int version = 1;
    }

    Object handle(String operation, JsonNode request) {
        ObjectNode answer = AwsJson.MAPPER.createObjectNode();
        switch (operation) {
            case "CreateCrawler" -> create(request);
            case "UpdateCrawler" -> update(request);
            case "GetCrawler" -> answer.set("Crawler", describe(crawler(text(request, "Name"))));
            case "GetCrawlers" -> {
                ArrayNode list = answer.putArray("Crawlers");
                synchronized (this) {
                    crawlers.values().forEach(c -> list.add(describe(c)));
                }
            }
            case "ListCrawlers" -> {
                ArrayNode names = answer.putArray("CrawlerNames");
                synchronized (this) {
                    crawlers.keySet().forEach(names::add);
                }
            }
            case "StartCrawler" -> start(text(request, "Name"));
            case "StopCrawler" -> stop(text(request, "Name"));
            case "DeleteCrawler" -> delete(text(request, "Name"));
            default -> throw new AwsException("UnknownOperationException",
                    "The devstack's Glue does not implement " + operation);
        }
        return answer;
    }

    private synchronized void create(JsonNode request) {
        String name = text(request, "Name");
        if (!NAME.matcher(name).matches()) {
            throw new AwsException(INVALID, "Crawler name '" + name + "' is not valid");
        }
        if (crawlers.containsKey(name)) {
            throw new AwsException("AlreadyExistsException", "Crawler with name " + name + " has already been created");
        }
        Crawler crawler = new Crawler();
        crawler.definition = validated(request);
        crawlers.put(name, crawler);
    }

    private synchronized void update(JsonNode request) {
        Crawler crawler = crawler(text(request, "Name"));
        if (!"READY".equals(crawler.state)) {
            throw new AwsException("CrawlerRunningException", "Crawler " + text(request, "Name") + " is running");
        }
        ObjectNode merged = crawler.definition.deepCopy();
        request.fields().forEachRemaining(field -> merged.set(field.getKey(), field.getValue()));
        crawler.definition = validated(merged);
        crawler.updated = now();
        crawler.version++;
    }

    private static ObjectNode validated(JsonNode request) {
        text(request, "Role");
        JsonNode s3Targets = AwsJson.object(request, "Targets", INVALID).get("S3Targets");
        if (s3Targets == null || !s3Targets.isArray() || s3Targets.isEmpty()) {
            throw new AwsException(INVALID, "The devstack's crawlers need at least one S3 target");
        }
        for (JsonNode target : s3Targets) {
            try {
                S3Location.parse(AwsJson.requiredText(target, "Path", INVALID));
            } catch (IllegalArgumentException e) {
                throw new AwsException(INVALID, "S3 target path is not valid: " + target.path("Path").asText());
            }
        }
        validateConfiguration(request);
        return (ObjectNode) request.deepCopy();
    }

    /**
     * The crawler's {@code Configuration}, if any, must be a JSON object, and its {@code Grouping.TableLevelConfiguration}
     * a positive integer ("the absolute level in the dataset"), as Glue checks them.
     */
    private static void validateConfiguration(JsonNode request) {
        String configuration = request.path("Configuration").asText("");
        if (configuration.isBlank()) {
            return;
        }
        JsonNode parsed;
        try {
            parsed = AwsJson.MAPPER.readTree(configuration);
        } catch (java.io.IOException e) {
            throw new AwsException(INVALID, "Crawler configuration not valid: not JSON");
        }
        if (parsed == null || !parsed.isObject()) {
            throw new AwsException(INVALID, "Crawler configuration not valid: not a JSON object");
        }
        JsonNode level = parsed.path("Grouping").path("TableLevelConfiguration");
        if (!level.isMissingNode() && !(level.canConvertToInt() && level.isIntegralNumber() && level.asInt() > 0)) {
            throw new AwsException(INVALID, "Crawler configuration not valid: TableLevelConfiguration must be a positive integer");
        }
    }

    private synchronized void delete(String name) {
        Crawler crawler = crawler(name);
        if (!"READY".equals(crawler.state)) {
            throw new AwsException("CrawlerRunningException", "Crawler " + name + " is running");
        }
        crawlers.remove(name);
    }

    private void start(String name) {
        Crawler crawler;
        synchronized (this) {
            crawler = crawler(name);
            if (!"READY".equals(crawler.state)) {
                throw new AwsException("CrawlerRunningException", "Crawler with name " + name + " has already started");
            }
            crawler.state = "RUNNING";
            crawler.stopRequested = false;
        }
        runner.execute(() -> crawl(name, crawler));
    }

    private synchronized void stop(String name) {
        Crawler crawler = crawler(name);
        if ("STOPPING".equals(crawler.state)) {
            throw new AwsException("CrawlerStoppingException", "Crawler " + name + " is stopping");
        }
        if (!"RUNNING".equals(crawler.state)) {
            throw new AwsException("CrawlerNotRunningException", "Crawler " + name + " isn't running");
        }
        crawler.state = "STOPPING";
        crawler.stopRequested = true;
    }

    private Crawler crawler(String name) {
        synchronized (this) {
            Crawler crawler = crawlers.get(name);
            if (crawler == null) {
                throw new AwsException(GlueCatalog.NOT_FOUND, "Crawler entry with name " + name + " does not exist");
            }
            return crawler;
        }
    }

    private synchronized ObjectNode describe(Crawler crawler) {
        ObjectNode answer = crawler.definition.deepCopy();
        answer.put("State", crawler.state);
        answer.put("CreationTime", crawler.created);
        answer.put("LastUpdated", crawler.updated);
        answer.put("Version", crawler.version);
        answer.put("CrawlElapsedTime", crawler.elapsedMillis);
        if (crawler.lastCrawl != null) {
            answer.set("LastCrawl", crawler.lastCrawl.deepCopy());
        }
        return answer;
    }

    // ---- the crawl

    /** What a crawl changed, reported in the state-change event. */
    static final class Counts {
        int tablesCreated;
        int tablesUpdated;
        int partitionsCreated;
        int partitionsUpdated;
        int partitionsDeleted;
        int tablesDeleted;
        final List<String> warnings = new ArrayList<>();
    }

    private void crawl(String name, Crawler crawler) {
        long begin = System.currentTimeMillis();
        ObjectNode definition;
        synchronized (this) {
            definition = crawler.definition.deepCopy();
        }
        announce(name, "Started", "Crawler Started", null, 0);
        Counts counts = new Counts();
        String status;
        String error = null;
        try {
            String database = text(definition, "DatabaseName");
            try {
                catalog.database(database);
            } catch (AwsException e) {
                catalog.createDatabase(AwsJson.MAPPER.createObjectNode().put("Name", database));
            }
            for (JsonNode target : definition.path("Targets").path("S3Targets")) {
                String path = target.get("Path").asText();
                try {
                    crawlTarget(definition, S3Location.parse(path), exclusions(target), counts, crawler);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("S3 target " + path + ": " + e.getMessage(), e);
                }
            }
            status = stopRequested(crawler) ? "CANCELLED" : "SUCCEEDED";
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "crawler " + name + " failed", e);
            status = "FAILED";
            error = e.getMessage();
        }
        long elapsed = System.currentTimeMillis() - begin;
        synchronized (this) {
            crawler.lastCrawl = AwsJson.MAPPER.createObjectNode()
                    .put("Status", status)
                    .put("StartTime", BigDecimal.valueOf(begin, 3))
                    .put("LogGroup", "/aws-glue/crawlers")
                    .put("LogStream", name)
                    .put("MessagePrefix", java.util.UUID.randomUUID().toString());
            if (error != null) {
                crawler.lastCrawl.put("ErrorMessage", error);
            }
            crawler.elapsedMillis = elapsed;
            crawler.state = "READY";
        }
        announce(name, "SUCCEEDED".equals(status) ? "Succeeded" : "Failed",
                "SUCCEEDED".equals(status) ? "Crawler Succeeded" : "CANCELLED".equals(status)
                        ? "Crawler was stopped" : "Crawler Failed: " + error, counts, elapsed);
    }

    private synchronized boolean stopRequested(Crawler crawler) {
        return crawler.stopRequested;
    }

    private void announce(String name, String state, String message, Counts counts, long elapsedMillis) {
        if (events == null) {
            return;
        }
        ObjectNode detail = EventBridge.detail()
                .put("crawlerName", name)
                .put("state", state)
                .put("message", message)
                .put("accountId", events.accountId())
                .put("startTime", Instant.now().toString());
        if (counts != null) {
            detail.put("tablesCreated", Integer.toString(counts.tablesCreated))
                    .put("tablesUpdated", Integer.toString(counts.tablesUpdated))
                    .put("tablesDeleted", Integer.toString(counts.tablesDeleted))
                    .put("partitionsCreated", Integer.toString(counts.partitionsCreated))
                    .put("partitionsUpdated", Integer.toString(counts.partitionsUpdated))
                    .put("partitionsDeleted", Integer.toString(counts.partitionsDeleted))
                    .put("warningMessage", counts.warnings.isEmpty() ? "N/A" : String.join("; ", counts.warnings))
                    .put("runningTime (sec)", Long.toString(Math.max(1, elapsedMillis / 1000)))
                    .put("completionDate", Instant.now().toString());
        }
        events.deliver("Glue Crawler State Change", "aws.glue",
                List.of("arn:aws:glue:" + events.region() + ":" + events.accountId() + ":crawler/" + name), detail);
    }

    private static List<Pattern> exclusions(JsonNode target) {
        List<Pattern> patterns = new ArrayList<>();
        for (JsonNode glob : target.path("Exclusions")) {
            String regex = glob.asText().replace(".", "\\.").replace("**", "\u0001").replace("*", "[^/]*")
                    .replace("\u0001", ".*").replace("?", ".");
            patterns.add(Pattern.compile(regex));
        }
        return patterns;
    }

    private void crawlTarget(ObjectNode definition, S3Location target, List<Pattern> exclusions, Counts counts,
                             Crawler crawler) {
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
        String tablePrefix = definition.path("TablePrefix").asText("");
        String database = definition.get("DatabaseName").asText();
        int tableLevel = tableLevel(definition);
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
                if (stopRequested(crawler)) {
                    return;
                }
                registerTable(definition, database, tablePrefix + tableName(lastSegment(folder.getKey())), target.bucket(),
                        folder.getKey(), folder.getValue(), counts, crawler);
            }
            return;
        }
        if (targetIsOneTable) {
            List<S3Object> files = new ArrayList<>(atRoot);
            byTopFolder.values().forEach(files::addAll);
            String folder = prefix.isEmpty() ? target.bucket() : lastSegment(prefix);
            registerTable(definition, database, tablePrefix + tableName(folder), target.bucket(), prefix, files, counts, crawler);
        } else {
            for (var folder : byTopFolder.entrySet()) {
                if (stopRequested(crawler)) {
                    return;
                }
                registerTable(definition, database, tablePrefix + tableName(folder.getKey()), target.bucket(),
                        prefix + folder.getKey() + "/", folder.getValue(), counts, crawler);
            }
            atRoot.forEach(o -> counts.warnings.add("skipped s3://" + target.bucket() + "/" + o.key()
                    + ": files directly under a target with table folders belong to no table"));
        }
    }

    private void registerTable(ObjectNode definition, String database, String table, String bucket, String tablePrefix,
                               List<S3Object> files, Counts counts, Crawler crawler) {
        Map<String, String> columns = new LinkedHashMap<>();
        Map<List<String>, String> partitionLocations = new LinkedHashMap<>();
        Map<List<String>, Map<String, String>> partitionColumns = new LinkedHashMap<>();
        List<String> partitionKeys = null;
        for (S3Object file : files) {
            if (stopRequested(crawler)) {
                return;
            }
            String relative = file.key().substring(tablePrefix.length());
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
                partitionLocations.putIfAbsent(values, "s3://" + bucket + "/" + tablePrefix + String.join("/", folders) + "/");
            }
        }
        if (columns.isEmpty()) {
            counts.warnings.add("no parquet data under s3://" + bucket + "/" + tablePrefix + ": no table " + table);
            return;
        }
        for (String key : partitionKeys) {
            columns.remove(key);
        }
        boolean updateSchema = !"LOG".equals(definition.path("SchemaChangePolicy").path("UpdateBehavior").asText());
        ObjectNode input = tableInput(table, "s3://" + bucket + "/" + tablePrefix, columns, partitionKeys);
        try {
            ObjectNode existing = catalog.table(database, table);
            if (updateSchema) {
                ObjectNode merged = mergeNewColumnsOnly(definition) ? mergeColumns(existing, input) : input;
                if (!merged.path("StorageDescriptor").equals(existing.path("StorageDescriptor"))
                        || !merged.path("PartitionKeys").equals(existing.path("PartitionKeys"))) {
                    catalog.updateTable(database, merged);
                    counts.tablesUpdated++;
                }
            }
        } catch (AwsException e) {
            if (!GlueCatalog.NOT_FOUND.equals(e.code())) {
                throw e;
            }
            catalog.createTable(database, input);
            counts.tablesCreated++;
        }
        ObjectNode registered = catalog.table(database, table);
        Map<List<String>, ObjectNode> known = new LinkedHashMap<>();
        catalog.partitions(database, table).forEach(p -> known.put(GlueCatalog.values(p.get("Values")), p));
        boolean inherit = partitionsInheritFromTable(definition);
        List<String> keyNames = partitionKeys;
        for (var partition : partitionLocations.entrySet()) {
            ObjectNode partitionInput = AwsJson.MAPPER.createObjectNode();
            partition.getKey().forEach(partitionInput.putArray("Values")::add);
            ObjectNode storage = registered.get("StorageDescriptor").deepCopy();
            storage.put("Location", partition.getValue());
            if (!inherit) {
                // as Glue: each partition's schema is that of its own files
                ArrayNode own = storage.putArray("Columns");
                partitionColumns.get(partition.getKey()).forEach((column, type) -> {
                    if (!keyNames.contains(column)) {
                        own.addObject().put("Name", column).put("Type", type);
                    }
                });
            }
            partitionInput.set("StorageDescriptor", storage);
            ObjectNode existing = known.get(partition.getKey());
            if (existing == null) {
                catalog.createPartition(database, table, partitionInput);
                counts.partitionsCreated++;
            } else if (updateSchema && !existing.path("StorageDescriptor").path("Columns").equals(storage.get("Columns"))) {
                catalog.updatePartition(database, table, partition.getKey(), partitionInput);
                counts.partitionsUpdated++;
            }
        }
        if ("DELETE_FROM_DATABASE".equals(definition.path("SchemaChangePolicy").path("DeleteBehavior").asText())) {
            for (List<String> values : known.keySet()) {
                if (!partitionLocations.containsKey(values)) {
                    catalog.deletePartition(database, table, values);
                    counts.partitionsDeleted++;
                }
            }
        }
    }

    /**
     * Whether the crawler only adds new columns ({@code "CrawlerOutput":{"Tables":{"AddOrUpdateBehavior":
     * "MergeNewColumns"}}} in its Configuration). Otherwise, under UPDATE_IN_DATABASE, Glue's default: "add new
     * columns, remove missing columns, and modify the definitions of existing columns".
     */
    private static boolean mergeNewColumnsOnly(JsonNode definition) {
        return "MergeNewColumns".equals(configuration(definition).path("CrawlerOutput").path("Tables")
                .path("AddOrUpdateBehavior").asText());
    }

    /** Grouping.TableLevelConfiguration of the crawler's Configuration: the absolute level of its tables (0: not set). */
    private static int tableLevel(JsonNode definition) {
        return configuration(definition).path("Grouping").path("TableLevelConfiguration").asInt(0);
    }

    /** Whether partitions take the table's schema ({@code CrawlerOutput.Partitions.AddOrUpdateBehavior InheritFromTable}). */
    private static boolean partitionsInheritFromTable(JsonNode definition) {
        return "InheritFromTable".equals(configuration(definition).path("CrawlerOutput").path("Partitions")
                .path("AddOrUpdateBehavior").asText());
    }

    private static JsonNode configuration(JsonNode definition) {
        String configuration = definition.path("Configuration").asText("");
        if (configuration.isBlank()) {
            return AwsJson.MAPPER.createObjectNode();
        }
        try {
            return AwsJson.MAPPER.readTree(configuration);
        } catch (java.io.IOException e) {
            return AwsJson.MAPPER.createObjectNode();
        }
    }

    /** The existing table's columns first, new ones appended (schema additions): a crawler with MergeNewColumns. */
    private static ObjectNode mergeColumns(ObjectNode existing, ObjectNode input) {
        ObjectNode merged = input.deepCopy();
        ArrayNode columns = AwsJson.MAPPER.createArrayNode();
        List<String> names = new ArrayList<>();
        for (JsonNode column : existing.path("StorageDescriptor").path("Columns")) {
            columns.add(column);
            names.add(column.get("Name").asText());
        }
        for (JsonNode column : input.path("StorageDescriptor").path("Columns")) {
            if (!names.contains(column.get("Name").asText())) {
                columns.add(column);
            }
        }
        ((ObjectNode) merged.get("StorageDescriptor")).set("Columns", columns);
        return merged;
    }

    private static ObjectNode tableInput(String name, String location, Map<String, String> columns, List<String> partitionKeys) {
        ObjectNode input = AwsJson.MAPPER.createObjectNode().put("Name", name).put("TableType", "EXTERNAL_TABLE");
        input.putObject("Parameters").put("classification", "parquet").put("compressionType", "none")
                .put("typeOfData", "file").put("EXTERNAL", "TRUE");
        ObjectNode storage = input.putObject("StorageDescriptor");
        ArrayNode columnList = storage.putArray("Columns");
        columns.forEach((column, type) -> columnList.addObject().put("Name", column).put("Type", type));
        storage.put("Location", location)
                .put("InputFormat", PARQUET_INPUT)
                .put("OutputFormat", PARQUET_OUTPUT)
                .put("Compressed", false)
                .put("NumberOfBuckets", -1)
                .put("StoredAsSubDirectories", false);
        storage.putObject("SerdeInfo").put("SerializationLibrary", PARQUET_SERDE)
                .putObject("Parameters").put("serialization.format", "1");
        storage.putObject("Parameters");
        ArrayNode keys = input.putArray("PartitionKeys");
        partitionKeys.forEach(key -> keys.addObject().put("Name", key).put("Type", "string"));
        return input;
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

    private static String text(JsonNode request, String member) {
        return AwsJson.requiredText(request, member, INVALID);
    }

    private static BigDecimal now() {
        return BigDecimal.valueOf(Instant.now().toEpochMilli(), 3);
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
