package io.athenalake.devstack.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.athenalake.devstack.aws.AwsException;
import io.athenalake.devstack.aws.AwsJson;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Glue's Data Catalog operations on the {@link GlueCatalog}: databases, tables, partitions and column statistics, with
 * Glue's paging, its batch calls' per-entry errors and its parallel partition listing ({@code Segment}).
 */
final class CatalogOperations {

    private static final String INVALID = "InvalidInputException";

    private final GlueCatalog catalog;

    CatalogOperations(GlueCatalog catalog) {
        this.catalog = catalog;
    }

    Object handle(String operation, JsonNode request) {
        return switch (operation) {
            case "CreateDatabase" -> done(() -> catalog.createDatabase(AwsJson.object(request, "DatabaseInput", INVALID)));
            case "GetDatabase" -> empty().set("Database", catalog.database(text(request, "Name")));
            case "GetDatabases" -> page("DatabaseList", catalog.databases(), request);
            case "UpdateDatabase" -> done(() -> catalog.updateDatabase(text(request, "Name"),
                    AwsJson.object(request, "DatabaseInput", INVALID)));
            case "DeleteDatabase" -> done(() -> catalog.deleteDatabase(text(request, "Name")));
            case "CreateTable" -> done(() -> catalog.createTable(database(request), AwsJson.object(request, "TableInput", INVALID)));
            case "GetTable" -> empty().set("Table", catalog.table(database(request), text(request, "Name")));
            case "GetTables" -> page("TableList", matching(catalog.tables(database(request)),
                    AwsJson.optionalText(request, "Expression", INVALID).orElse(null)), request);
            case "UpdateTable" -> done(() -> catalog.updateTable(database(request), AwsJson.object(request, "TableInput", INVALID),
                    AwsJson.optionalText(request, "VersionId", INVALID).orElse(null)));
            case "DeleteTable" -> done(() -> catalog.deleteTable(database(request), text(request, "Name")));
            case "BatchDeleteTable" -> eachOrError(AwsJson.textList(request, "TablesToDelete", INVALID),
                    table -> catalog.deleteTable(database(request), table), (failure, table) -> failure.put("TableName", table));
            case "CreatePartition" -> done(() -> catalog.createPartition(database(request), table(request),
                    AwsJson.object(request, "PartitionInput", INVALID)));
            case "BatchCreatePartition" -> eachOrError(array(request, "PartitionInputList"),
                    input -> catalog.createPartition(database(request), table(request), input),
                    (failure, input) -> failure.set("PartitionValues", input.get("Values")));
            case "GetPartition" -> empty().set("Partition", catalog.partition(database(request), table(request),
                    GlueCatalog.values(request.get("PartitionValues"))));
            case "GetPartitions" -> page("Partitions", segment(catalog.partitions(database(request), table(request)), request),
                    request);
            case "BatchGetPartition" -> batchGetPartition(request);
            case "UpdatePartition" -> done(() -> catalog.updatePartition(database(request), table(request),
                    GlueCatalog.values(request.get("PartitionValueList")), AwsJson.object(request, "PartitionInput", INVALID)));
            case "BatchUpdatePartition" -> eachOrError(array(request, "Entries"),
                    entry -> catalog.updatePartition(database(request), table(request),
                            GlueCatalog.values(entry.get("PartitionValueList")), entry.get("PartitionInput")),
                    (failure, entry) -> failure.set("PartitionValueList", entry.get("PartitionValueList")));
            case "DeletePartition" -> done(() -> catalog.deletePartition(database(request), table(request),
                    GlueCatalog.values(request.get("PartitionValues"))));
            case "BatchDeletePartition" -> eachOrError(array(request, "PartitionsToDelete"),
                    key -> catalog.deletePartition(database(request), table(request), GlueCatalog.values(key.get("Values"))),
                    (failure, key) -> failure.set("PartitionValues", key.get("Values")));
            case "GetColumnStatisticsForTable", "GetColumnStatisticsForPartition" -> getColumnStatistics(request);
            case "UpdateColumnStatisticsForTable", "UpdateColumnStatisticsForPartition" -> updateColumnStatistics(request);
            case "DeleteColumnStatisticsForTable", "DeleteColumnStatisticsForPartition" -> deleteColumnStatistics(request);
            default -> throw AwsException.unknownOperation("Glue", operation);
        };
    }

    private ObjectNode batchGetPartition(JsonNode request) {
        ObjectNode answer = empty();
        ArrayNode found = answer.putArray("Partitions");
        ArrayNode unprocessed = answer.putArray("UnprocessedKeys");
        for (JsonNode key : array(request, "PartitionsToGet")) {
            try {
                found.add(catalog.partition(database(request), table(request), GlueCatalog.values(key.get("Values"))));
            } catch (AwsException e) {
                if (!GlueCatalog.NOT_FOUND.equals(e.code())) {
                    unprocessed.add(key);
                }
            }
        }
        return answer;
    }

    /**
     * A batch call that changes: each entry applied on its own, each failure answered in {@code Errors} as the entry's
     * key and its {@code ErrorDetail}.
     */
    private static <T> ObjectNode eachOrError(List<T> entries, Consumer<T> apply, BiConsumer<ObjectNode, T> key) {
        ObjectNode answer = empty();
        ArrayNode errors = answer.putArray("Errors");
        for (T entry : entries) {
            try {
                apply.accept(entry);
            } catch (AwsException e) {
                ObjectNode failure = errors.addObject();
                key.accept(failure, entry);
                failure.set("ErrorDetail", error(e));
            }
        }
        return answer;
    }

    private ObjectNode getColumnStatistics(JsonNode request) {
        List<String> values = statisticsPartition(request);
        ObjectNode answer = empty();
        answer.putArray("ColumnStatisticsList").addAll(catalog.columnStatistics(database(request), table(request), values,
                AwsJson.textList(request, "ColumnNames", INVALID)));
        answer.putArray("Errors");
        return answer;
    }

    private ObjectNode updateColumnStatistics(JsonNode request) {
        List<String> values = statisticsPartition(request);
        for (JsonNode statistics : array(request, "ColumnStatisticsList")) {
            catalog.putColumnStatistics(database(request), table(request), values, statistics);
        }
        ObjectNode answer = empty();
        answer.putArray("Errors");
        return answer;
    }

    private ObjectNode deleteColumnStatistics(JsonNode request) {
        List<String> values = statisticsPartition(request);
        catalog.deleteColumnStatistics(database(request), table(request), values, text(request, "ColumnName"));
        return empty();
    }

    /** The partition a column-statistics call names (none: the table's), once the table is known to exist. */
    private List<String> statisticsPartition(JsonNode request) {
        catalog.table(database(request), table(request));
        return request.has("PartitionValues") ? GlueCatalog.values(request.get("PartitionValues")) : List.of();
    }

    private static List<ObjectNode> matching(List<ObjectNode> tables, String expression) {
        if (expression == null || expression.isEmpty()) {
            return tables;
        }
        try {
            Pattern pattern = Pattern.compile(expression.replace("*", ".*").replace("..*", ".*"));
            return tables.stream().filter(t -> pattern.matcher(t.get("Name").asText()).matches()).toList();
        } catch (PatternSyntaxException e) {
            throw new AwsException(INVALID, "Expression is not a valid pattern: " + expression);
        }
    }

    /** Glue's parallel listing: segment {@code n} of {@code total} holds every total-th partition. */
    private static List<ObjectNode> segment(List<ObjectNode> partitions, JsonNode request) {
        JsonNode segment = request.get("Segment");
        if (segment == null || segment.isNull()) {
            return partitions;
        }
        int number = segment.path("SegmentNumber").asInt();
        int total = segment.path("TotalSegments").asInt();
        if (total < 1 || total > 10 || number < 0 || number >= total) {
            throw new AwsException(INVALID, "Segment must have 0 <= SegmentNumber < TotalSegments <= 10");
        }
        List<ObjectNode> selected = new ArrayList<>();
        for (int i = number; i < partitions.size(); i += total) {
            selected.add(partitions.get(i));
        }
        return selected;
    }

    private static ObjectNode page(String member, List<ObjectNode> all, JsonNode request) {
        int max = AwsJson.optionalInt(request, "MaxResults", INVALID).orElse(1000);
        if (max < 1 || max > 1000) {
            throw new AwsException(INVALID, "MaxResults must be between 1 and 1000");
        }
        int from = AwsJson.optionalText(request, "NextToken", INVALID).map(CatalogOperations::offset).orElse(0);
        int to = Math.min(all.size(), from + max);
        ObjectNode answer = empty();
        ArrayNode list = answer.putArray(member);
        all.subList(Math.min(from, all.size()), to).forEach(list::add);
        if (to < all.size()) {
            answer.put("NextToken", Base64.getUrlEncoder().encodeToString(("glue:" + to).getBytes(StandardCharsets.UTF_8)));
        }
        return answer;
    }

    private static int offset(String token) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!decoded.startsWith("glue:")) {
                throw new IllegalArgumentException();
            }
            return Integer.parseInt(decoded.substring(5));
        } catch (IllegalArgumentException e) {
            throw new AwsException(INVALID, "NextToken is not valid");
        }
    }

    /** Runs an operation whose answer is empty. */
    private static ObjectNode done(Runnable operation) {
        operation.run();
        return empty();
    }

    private static ObjectNode empty() {
        return AwsJson.MAPPER.createObjectNode();
    }

    private static ObjectNode error(AwsException e) {
        return empty().put("ErrorCode", e.code()).put("ErrorMessage", e.getMessage());
    }

    private static String database(JsonNode request) {
        return text(request, "DatabaseName");
    }

    private static String table(JsonNode request) {
        return text(request, "TableName");
    }

    private static String text(JsonNode request, String member) {
        return AwsJson.requiredText(request, member, INVALID);
    }

    private static List<JsonNode> array(JsonNode request, String member) {
        JsonNode node = request.get(member);
        if (node == null || !node.isArray()) {
            throw new AwsException(INVALID, member + " must be a list");
        }
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        return items;
    }
}
