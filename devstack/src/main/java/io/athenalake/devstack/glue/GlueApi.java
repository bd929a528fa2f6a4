package io.athenalake.devstack.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.athenalake.devstack.aws.AwsException;
import io.athenalake.devstack.aws.AwsJson;
import io.athenalake.devstack.aws.JsonApi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * AWS Glue, emulated: {@code X-Amz-Target: AWSGlue.<Operation>}. The Data Catalog operations
 * are complete enough for Trino to use this API as its Hive metastore, so tables registered
 * here (by a crawler or a client) are what Athena-emulation queries see. Crawlers are served
 * by {@link Crawlers}.
 */
public final class GlueApi implements JsonApi {

    private static final String INVALID = "InvalidInputException";

    private final GlueCatalog catalog;
    private final Crawlers crawlers;

    public GlueApi(GlueCatalog catalog, Crawlers crawlers) {
        this.catalog = catalog;
        this.crawlers = crawlers;
    }

    @Override
    public String targetPrefix() {
        return "AWSGlue";
    }

    @Override
    public Object handle(String operation, JsonNode request) {
        ObjectNode answer = AwsJson.MAPPER.createObjectNode();
        switch (operation) {
            case "CreateDatabase" -> catalog.createDatabase(AwsJson.object(request, "DatabaseInput", INVALID));
            case "GetDatabase" -> answer.set("Database", catalog.database(text(request, "Name")));
            case "GetDatabases" -> page(answer, "DatabaseList", catalog.databases(), request);
            case "UpdateDatabase" -> catalog.updateDatabase(text(request, "Name"), AwsJson.object(request, "DatabaseInput", INVALID));
            case "DeleteDatabase" -> catalog.deleteDatabase(text(request, "Name"));
            case "CreateTable" -> catalog.createTable(text(request, "DatabaseName"), AwsJson.object(request, "TableInput", INVALID));
            case "GetTable" -> answer.set("Table", catalog.table(text(request, "DatabaseName"), text(request, "Name")));
            case "GetTables" -> page(answer, "TableList", matching(catalog.tables(text(request, "DatabaseName")),
                    AwsJson.optionalText(request, "Expression", INVALID).orElse(null)), request);
            case "UpdateTable" -> catalog.updateTable(text(request, "DatabaseName"), AwsJson.object(request, "TableInput", INVALID),
                    AwsJson.optionalText(request, "VersionId", INVALID).orElse(null));
            case "DeleteTable" -> catalog.deleteTable(text(request, "DatabaseName"), text(request, "Name"));
            case "BatchDeleteTable" -> {
                ArrayNode errors = answer.putArray("Errors");
                for (String table : AwsJson.textList(request, "TablesToDelete", INVALID)) {
                    try {
                        catalog.deleteTable(text(request, "DatabaseName"), table);
                    } catch (AwsException e) {
                        errors.addObject().put("TableName", table).set("ErrorDetail", error(e));
                    }
                }
            }
            case "CreatePartition" -> catalog.createPartition(text(request, "DatabaseName"), text(request, "TableName"),
                    AwsJson.object(request, "PartitionInput", INVALID));
            case "BatchCreatePartition" -> {
                ArrayNode errors = answer.putArray("Errors");
                for (JsonNode input : array(request, "PartitionInputList")) {
                    try {
                        catalog.createPartition(text(request, "DatabaseName"), text(request, "TableName"), input);
                    } catch (AwsException e) {
                        errors.addObject().<ObjectNode>set("PartitionValues", input.get("Values")).set("ErrorDetail", error(e));
                    }
                }
            }
            case "GetPartition" -> answer.set("Partition", catalog.partition(text(request, "DatabaseName"),
                    text(request, "TableName"), GlueCatalog.values(request.get("PartitionValues"))));
            case "GetPartitions" -> page(answer, "Partitions", segment(catalog.partitions(text(request, "DatabaseName"),
                    text(request, "TableName")), request), request);
            case "BatchGetPartition" -> {
                ArrayNode found = answer.putArray("Partitions");
                ArrayNode unprocessed = answer.putArray("UnprocessedKeys");
                for (JsonNode key : array(request, "PartitionsToGet")) {
                    try {
                        found.add(catalog.partition(text(request, "DatabaseName"), text(request, "TableName"),
                                GlueCatalog.values(key.get("Values"))));
                    } catch (AwsException e) {
                        if (!GlueCatalog.NOT_FOUND.equals(e.code())) {
                            unprocessed.add(key);
                        }
                    }
                }
            }
            case "UpdatePartition" -> catalog.updatePartition(text(request, "DatabaseName"), text(request, "TableName"),
                    GlueCatalog.values(request.get("PartitionValueList")), AwsJson.object(request, "PartitionInput", INVALID));
            case "BatchUpdatePartition" -> {
                ArrayNode errors = answer.putArray("Errors");
                for (JsonNode entry : array(request, "Entries")) {
                    try {
                        catalog.updatePartition(text(request, "DatabaseName"), text(request, "TableName"),
                                GlueCatalog.values(entry.get("PartitionValueList")), entry.get("PartitionInput"));
                    } catch (AwsException e) {
                        errors.addObject().<ObjectNode>set("PartitionValueList", entry.get("PartitionValueList"))
                                .set("ErrorDetail", error(e));
                    }
                }
            }
            case "DeletePartition" -> catalog.deletePartition(text(request, "DatabaseName"), text(request, "TableName"),
                    GlueCatalog.values(request.get("PartitionValues")));
            case "BatchDeletePartition" -> {
                ArrayNode errors = answer.putArray("Errors");
                for (JsonNode key : array(request, "PartitionsToDelete")) {
                    try {
                        catalog.deletePartition(text(request, "DatabaseName"), text(request, "TableName"),
                                GlueCatalog.values(key.get("Values")));
                    } catch (AwsException e) {
                        errors.addObject().<ObjectNode>set("PartitionValues", key.get("Values")).set("ErrorDetail", error(e));
                    }
                }
            }
            case "GetColumnStatisticsForTable", "GetColumnStatisticsForPartition" -> {
                catalog.table(text(request, "DatabaseName"), text(request, "TableName"));
                List<String> values = request.has("PartitionValues") ? GlueCatalog.values(request.get("PartitionValues")) : List.of();
                answer.putArray("ColumnStatisticsList").addAll(catalog.columnStatistics(text(request, "DatabaseName"),
                        text(request, "TableName"), values, AwsJson.textList(request, "ColumnNames", INVALID)));
                answer.putArray("Errors");
            }
            case "UpdateColumnStatisticsForTable", "UpdateColumnStatisticsForPartition" -> {
                catalog.table(text(request, "DatabaseName"), text(request, "TableName"));
                List<String> values = request.has("PartitionValues") ? GlueCatalog.values(request.get("PartitionValues")) : List.of();
                for (JsonNode statistics : array(request, "ColumnStatisticsList")) {
                    catalog.putColumnStatistics(text(request, "DatabaseName"), text(request, "TableName"), values, statistics);
                }
                answer.putArray("Errors");
            }
            case "DeleteColumnStatisticsForTable", "DeleteColumnStatisticsForPartition" -> {
                catalog.table(text(request, "DatabaseName"), text(request, "TableName"));
                List<String> values = request.has("PartitionValues") ? GlueCatalog.values(request.get("PartitionValues")) : List.of();
                catalog.deleteColumnStatistics(text(request, "DatabaseName"), text(request, "TableName"), values,
                        text(request, "ColumnName"));
            }
            default -> {
                return crawlers.handle(operation, request);
            }
        }
        return answer;
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

    private static void page(ObjectNode answer, String member, List<ObjectNode> all, JsonNode request) {
        int max = AwsJson.optionalInt(request, "MaxResults", INVALID).orElse(1000);
        if (max < 1 || max > 1000) {
            throw new AwsException(INVALID, "MaxResults must be between 1 and 1000");
        }
        int from = AwsJson.optionalText(request, "NextToken", INVALID).map(GlueApi::offset).orElse(0);
        int to = Math.min(all.size(), from + max);
        ArrayNode list = answer.putArray(member);
        all.subList(Math.min(from, all.size()), to).forEach(list::add);
        if (to < all.size()) {
            answer.put("NextToken", Base64.getUrlEncoder().encodeToString(("glue:" + to).getBytes(StandardCharsets.UTF_8)));
        }
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

    private static ObjectNode error(AwsException e) {
        return AwsJson.MAPPER.createObjectNode().put("ErrorCode", e.code()).put("ErrorMessage", e.getMessage());
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
