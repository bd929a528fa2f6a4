package io.athenalake.devstack.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.athenalake.devstack.aws.AwsException;
import io.athenalake.devstack.aws.AwsJson;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Glue Data Catalog's contents — databases, tables, partitions and column statistics —
 * kept as the API's own JSON structures. Names are lower-cased as Glue does. Thread-safe.
 */
public final class GlueCatalog {

    static final String NOT_FOUND = "EntityNotFoundException";
    static final String EXISTS = "AlreadyExistsException";
    static final String CONCURRENT_MODIFICATION = "ConcurrentModificationException";

    private final String accountId;
    private final Map<String, ObjectNode> databases = new TreeMap<>();
    private final Map<String, Map<String, ObjectNode>> tables = new HashMap<>();
    private final Map<String, Map<List<String>, ObjectNode>> partitions = new HashMap<>();
    private final Map<String, ObjectNode> columnStatistics = new HashMap<>();

    public GlueCatalog(String accountId) {
        this.accountId = accountId;
    }

    // ---- databases

    public synchronized void createDatabase(JsonNode input) {
        String name = name(input, "Name");
        if (databases.containsKey(name)) {
            throw new AwsException(EXISTS, "Database already exists.");
        }
        ObjectNode database = input.deepCopy();
        database.put("Name", name);
        database.put("CatalogId", accountId);
        database.put("CreateTime", now());
        databases.put(name, database);
        tables.put(name, new TreeMap<>());
    }

    public synchronized ObjectNode database(String name) {
        ObjectNode database = databases.get(lower(name));
        if (database == null) {
            throw new AwsException(NOT_FOUND, "Database " + name + " not found.");
        }
        return database.deepCopy();
    }

    public synchronized List<ObjectNode> databases() {
        return databases.values().stream().map(ObjectNode::deepCopy).toList();
    }

    public synchronized void updateDatabase(String name, JsonNode input) {
        ObjectNode existing = database(name);
        ObjectNode updated = input.deepCopy();
        updated.put("Name", lower(name));
        updated.put("CatalogId", accountId);
        updated.set("CreateTime", existing.get("CreateTime"));
        databases.put(lower(name), updated);
    }

    public synchronized void deleteDatabase(String name) {
        database(name);
        for (String table : new ArrayList<>(tables.get(lower(name)).keySet())) {
            deleteTable(name, table);
        }
        databases.remove(lower(name));
        tables.remove(lower(name));
    }

    // ---- tables

    public synchronized void createTable(String databaseName, JsonNode input) {
        database(databaseName);
        String name = name(input, "Name");
        Map<String, ObjectNode> inDatabase = tables.get(lower(databaseName));
        if (inDatabase.containsKey(name)) {
            throw new AwsException(EXISTS, "Table already exists.");
        }
        ObjectNode table = table(databaseName, name, input, now());
        table.put("VersionId", "0");
        inDatabase.put(name, table);
    }

    public synchronized ObjectNode table(String databaseName, String name) {
        database(databaseName);
        ObjectNode table = tables.get(lower(databaseName)).get(lower(name));
        if (table == null) {
            throw new AwsException(NOT_FOUND, "Table " + name + " not found.");
        }
        return table.deepCopy();
    }

    public synchronized List<ObjectNode> tables(String databaseName) {
        database(databaseName);
        return tables.get(lower(databaseName)).values().stream().map(ObjectNode::deepCopy).toList();
    }

    public synchronized void updateTable(String databaseName, JsonNode input) {
        updateTable(databaseName, input, null);
    }

    /**
     * UpdateTable with Glue's optimistic lock: with {@code expectedVersion} (the request's {@code VersionId}), the
     * update happens only if the table is still at that version; otherwise {@code ConcurrentModificationException}
     * and nothing changes. Every update advances the version.
     */
    public synchronized void updateTable(String databaseName, JsonNode input, String expectedVersion) {
        ObjectNode existing = table(databaseName, name(input, "Name"));
        if (expectedVersion != null && !expectedVersion.equals(existing.path("VersionId").asText("0"))) {
            throw new AwsException(CONCURRENT_MODIFICATION, "Update table failed due to concurrent modifications.");
        }
        ObjectNode updated = table(databaseName, existing.get("Name").asText(), input, existing.get("CreateTime").decimalValue());
        int version = existing.path("VersionId").asInt(0) + 1;
        updated.put("VersionId", Integer.toString(version));
        tables.get(lower(databaseName)).put(existing.get("Name").asText(), updated);
    }

    public synchronized void deleteTable(String databaseName, String name) {
        table(databaseName, name);
        tables.get(lower(databaseName)).remove(lower(name));
        partitions.remove(key(databaseName, name));
        columnStatistics.keySet().removeIf(k -> k.startsWith(key(databaseName, name) + "\u0000"));
    }

    private ObjectNode table(String databaseName, String name, JsonNode input, BigDecimal created) {
        ObjectNode table = input.deepCopy();
        table.put("Name", name);
        table.put("DatabaseName", lower(databaseName));
        table.put("CatalogId", accountId);
        table.put("CreateTime", created);
        table.put("UpdateTime", now());
        table.put("IsRegisteredWithLakeFormation", false);
        if (!table.has("PartitionKeys")) {
            table.set("PartitionKeys", AwsJson.MAPPER.createArrayNode());
        }
        if (!table.has("TableType")) {
            table.put("TableType", "EXTERNAL_TABLE");
        }
        return table;
    }

    // ---- partitions

    public synchronized ObjectNode createPartition(String databaseName, String tableName, JsonNode input) {
        ObjectNode table = table(databaseName, tableName);
        List<String> values = values(input.get("Values"));
        int keys = table.withArray("PartitionKeys").size();
        if (values.size() != keys) {
            throw new AwsException("InvalidInputException", "The number of partition values (" + values.size()
                    + ") does not match the number of partition keys (" + keys + ").");
        }
        Map<List<String>, ObjectNode> ofTable = partitions.computeIfAbsent(key(databaseName, tableName),
                k -> new LinkedHashMap<>());
        if (ofTable.containsKey(values)) {
            throw new AwsException(EXISTS, "Partition already exists.");
        }
        ObjectNode partition = partition(table, input, now());
        ofTable.put(values, partition);
        return partition.deepCopy();
    }

    public synchronized ObjectNode partition(String databaseName, String tableName, List<String> values) {
        table(databaseName, tableName);
        ObjectNode partition = partitions.getOrDefault(key(databaseName, tableName), Map.of()).get(values);
        if (partition == null) {
            throw new AwsException(NOT_FOUND, "Partition not found.");
        }
        return partition.deepCopy();
    }

    public synchronized List<ObjectNode> partitions(String databaseName, String tableName) {
        table(databaseName, tableName);
        return partitions.getOrDefault(key(databaseName, tableName), Map.of()).values().stream()
                .map(ObjectNode::deepCopy).toList();
    }

    public synchronized void updatePartition(String databaseName, String tableName, List<String> values, JsonNode input) {
        ObjectNode existing = partition(databaseName, tableName, values);
        ObjectNode table = table(databaseName, tableName);
        Map<List<String>, ObjectNode> ofTable = partitions.get(key(databaseName, tableName));
        ofTable.remove(values);
        ObjectNode updated = partition(table, input, existing.get("CreationTime").decimalValue());
        ofTable.put(values(updated.get("Values")), updated);
    }

    public synchronized void deletePartition(String databaseName, String tableName, List<String> values) {
        partition(databaseName, tableName, values);
        partitions.get(key(databaseName, tableName)).remove(values);
        columnStatistics.keySet().removeIf(k -> k.startsWith(key(databaseName, tableName) + "\u0000" + values + "\u0000"));
    }

    private ObjectNode partition(ObjectNode table, JsonNode input, BigDecimal created) {
        ObjectNode partition = input.deepCopy();
        partition.put("DatabaseName", table.get("DatabaseName").asText());
        partition.put("TableName", table.get("Name").asText());
        partition.put("CatalogId", accountId);
        partition.put("CreationTime", created);
        partition.put("LastAccessTime", now());
        return partition;
    }

    // ---- column statistics

    public synchronized void putColumnStatistics(String databaseName, String tableName, List<String> values, JsonNode statistics) {
        String column = lower(AwsJson.requiredText(statistics, "ColumnName", "InvalidInputException"));
        columnStatistics.put(key(databaseName, tableName) + "\u0000" + values + "\u0000" + column, statistics.deepCopy());
    }

    public synchronized List<ObjectNode> columnStatistics(String databaseName, String tableName, List<String> values,
                                                          List<String> columns) {
        List<ObjectNode> found = new ArrayList<>();
        for (String column : columns) {
            ObjectNode statistics = columnStatistics.get(key(databaseName, tableName) + "\u0000" + values + "\u0000" + lower(column));
            if (statistics != null) {
                found.add(statistics.deepCopy());
            }
        }
        return found;
    }

    public synchronized void deleteColumnStatistics(String databaseName, String tableName, List<String> values, String column) {
        columnStatistics.remove(key(databaseName, tableName) + "\u0000" + values + "\u0000" + lower(column));
    }

    // ----

    static List<String> values(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw new AwsException("InvalidInputException", "Values must be a list of strings");
        }
        List<String> values = new ArrayList<>();
        ((ArrayNode) node).forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String name(JsonNode input, String member) {
        String name = AwsJson.requiredText(input, member, "InvalidInputException");
        if (name.length() > 255) {
            throw new AwsException("InvalidInputException", member + " is longer than 255 characters");
        }
        return lower(name);
    }

    static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String key(String databaseName, String tableName) {
        return lower(databaseName) + "\u0000" + lower(tableName);
    }

    private static BigDecimal now() {
        return BigDecimal.valueOf(Instant.now().toEpochMilli(), 3);
    }
}
