package io.athenalake.devstack.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.athenalake.devstack.aws.AwsException;
import io.athenalake.devstack.aws.AwsJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes what a crawl found into the {@link GlueCatalog}, as a crawler's settings allow: creates the table, or updates an
 * existing one's columns (UpdateBehavior UPDATE_IN_DATABASE, the default: the columns found now — added, removed and
 * retyped, as Glue documents — or, with the Configuration's {@code MergeNewColumns}, only new ones appended), then its
 * partitions. Each partition's columns are those of its own files, as Glue records them; under UPDATE_IN_DATABASE a
 * partition whose files changed gets its columns updated. With {@code InheritFromTable}, partitions take the table's
 * columns instead. With DeleteBehavior DELETE_FROM_DATABASE, partitions whose folders are gone are deleted.
 */
final class TableRegistrar {

    private static final String PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
    private static final String PARQUET_INPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    private static final String PARQUET_OUTPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";

    private final GlueCatalog catalog;

    TableRegistrar(GlueCatalog catalog) {
        this.catalog = catalog;
    }

    /** Creates the crawler's database unless it exists, as a crawl does. */
    void ensureDatabase(String database) {
        try {
            catalog.database(database);
        } catch (AwsException e) {
            catalog.createDatabase(AwsJson.MAPPER.createObjectNode().put("Name", database));
        }
    }

    void register(CrawlerSettings settings, DiscoveredTable found, CrawlCounts counts) {
        String database = settings.database();
        String table = found.name();
        List<String> partitionKeys = found.partitionKeys();
        ObjectNode input = tableInput(table, found.location(), found.columns(), partitionKeys);
        try {
            ObjectNode existing = catalog.table(database, table);
            if (settings.updateSchema()) {
                ObjectNode merged = settings.mergeNewColumnsOnly() ? mergeColumns(existing, input) : input;
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
        for (var partition : found.partitionLocations().entrySet()) {
            ObjectNode partitionInput = AwsJson.MAPPER.createObjectNode();
            partition.getKey().forEach(partitionInput.putArray("Values")::add);
            ObjectNode storage = registered.get("StorageDescriptor").deepCopy();
            storage.put("Location", partition.getValue());
            if (!settings.partitionsInheritFromTable()) {
                // as Glue: each partition's schema is that of its own files
                ArrayNode own = storage.putArray("Columns");
                found.partitionColumns().get(partition.getKey()).forEach((column, type) -> {
                    if (!partitionKeys.contains(column)) {
                        own.addObject().put("Name", column).put("Type", type);
                    }
                });
            }
            partitionInput.set("StorageDescriptor", storage);
            ObjectNode existing = known.get(partition.getKey());
            if (existing == null) {
                catalog.createPartition(database, table, partitionInput);
                counts.partitionsCreated++;
            } else if (settings.updateSchema()
                    && !existing.path("StorageDescriptor").path("Columns").equals(storage.get("Columns"))) {
                catalog.updatePartition(database, table, partition.getKey(), partitionInput);
                counts.partitionsUpdated++;
            }
        }
        if (settings.deleteMissingPartitions()) {
            for (List<String> values : known.keySet()) {
                if (!found.partitionLocations().containsKey(values)) {
                    catalog.deletePartition(database, table, values);
                    counts.partitionsDeleted++;
                }
            }
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
}
