package io.athenalake.devstack.glue;

import com.fasterxml.jackson.databind.JsonNode;
import io.athenalake.devstack.aws.AwsException;
import io.athenalake.devstack.aws.AwsJson;

/**
 * What a crawler's definition says about how it crawls and what it may change: its {@code DatabaseName} and
 * {@code TablePrefix}, its {@code SchemaChangePolicy}, and the settings of its {@code Configuration} JSON, as Glue reads
 * them.
 *
 * @param tableLevel                 {@code Grouping.TableLevelConfiguration}: the absolute level of its tables (0: not set)
 * @param mergeNewColumnsOnly        {@code CrawlerOutput.Tables.AddOrUpdateBehavior MergeNewColumns}: only add new columns.
 *                                   Otherwise, under UPDATE_IN_DATABASE, Glue's default: "add new columns, remove missing
 *                                   columns, and modify the definitions of existing columns"
 * @param partitionsInheritFromTable {@code CrawlerOutput.Partitions.AddOrUpdateBehavior InheritFromTable}: partitions take
 *                                   the table's columns instead of those of their own files
 * @param updateSchema               {@code SchemaChangePolicy.UpdateBehavior} other than {@code LOG}
 * @param deleteMissingPartitions    {@code SchemaChangePolicy.DeleteBehavior DELETE_FROM_DATABASE}
 */
record CrawlerSettings(String database, String tablePrefix, int tableLevel, boolean mergeNewColumnsOnly,
                       boolean partitionsInheritFromTable, boolean updateSchema, boolean deleteMissingPartitions) {

    private static final String INVALID = "InvalidInputException";

    /** The settings of a crawler's definition; an {@code InvalidInputException} when it names no database. */
    static CrawlerSettings of(JsonNode definition) {
        JsonNode configuration = configuration(definition);
        JsonNode schemaChangePolicy = definition.path("SchemaChangePolicy");
        return new CrawlerSettings(
                AwsJson.requiredText(definition, "DatabaseName", INVALID),
                definition.path("TablePrefix").asText(""),
                configuration.path("Grouping").path("TableLevelConfiguration").asInt(0),
                "MergeNewColumns".equals(configuration.path("CrawlerOutput").path("Tables").path("AddOrUpdateBehavior").asText()),
                "InheritFromTable".equals(configuration.path("CrawlerOutput").path("Partitions").path("AddOrUpdateBehavior")
                        .asText()),
                !"LOG".equals(schemaChangePolicy.path("UpdateBehavior").asText()),
                "DELETE_FROM_DATABASE".equals(schemaChangePolicy.path("DeleteBehavior").asText()));
    }

    /**
     * The crawler's {@code Configuration}, if any, must be a JSON object, and its {@code Grouping.TableLevelConfiguration}
     * a positive integer ("the absolute level in the dataset"), as Glue checks them.
     */
    static void validateConfiguration(JsonNode request) {
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
}
