package io.athenalake.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Each record serializes to what its JSON Schema promises non-Java consumers, and reads back. */
class MessageSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS); // the records must not depend on this setting
    private static final Instant NOW = Instant.parse("2026-11-21T06:00:00Z");
    private static final QueryStatistics STATS = new QueryStatistics(1024L, 10L, 12L, 2L);

    @Test
    void queryRequestMatchesItsSchema() throws IOException {
        QueryRequest full = QueryRequest.of("m-1", "c-1", "SELECT ?", "tpch", "tiny", "primary", List.of("1"),
                "token", 60, NOW);
        assertMatches(full, "query-request.v1.json");
        assertMatches(QueryRequest.of("m-2", null, "SELECT 1", null, null, null, null, null, null, null),
                "query-request.v1.json");
        assertThat(roundTrip(full, QueryRequest.class)).isEqualTo(full);
        QueryRequest parquet = full.withResultFormat("parquet");
        assertMatches(parquet, "query-request.v1.json");
        assertThat(roundTrip(parquet, QueryRequest.class).resultFormat()).isEqualTo("parquet");
        assertThat(QueryRequest.of("m-2", null, "SELECT 1", null, null, null, null, null, null, null).correlationId())
                .isEqualTo("m-2");
    }

    @Test
    void queryCompletedMatchesItsSchema() throws IOException {
        QueryCompleted message = QueryCompleted.of("r-1", "c-1", "queue", "q-1", "s3://athena-results/q-1.csv", STATS, NOW);
        assertMatches(message, "query-completed.v1.json");
        assertThat(roundTrip(message, QueryCompleted.class)).isEqualTo(message);
        assertThat(JSON.valueToTree(message).has("resultFormat")).isFalse();
        QueryCompleted parquet = message.withParquet("s3://athena-results/unload/t/", "s3://athena-results/q-1-manifest.csv");
        assertMatches(parquet, "query-completed.v1.json");
        assertThat(roundTrip(parquet, QueryCompleted.class)).isEqualTo(parquet);
        assertThat(JSON.valueToTree(parquet).get("resultFormat").asText()).isEqualTo("parquet");
    }

    @Test
    void queryFailedMatchesItsSchema() throws IOException {
        QueryFailed message = QueryFailed.of("r-2", "c-2", "schedule:daily", "q-2", "FAILED", "COLUMN_NOT_FOUND",
                "COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved", STATS, NOW);
        assertMatches(message, "query-failed.v1.json");
        assertMatches(QueryFailed.of("r-3", "c-3", "queue", null, "REJECTED", "InvalidRequestException",
                "WorkGroup nope is not found.", null, NOW), "query-failed.v1.json");
        assertThat(roundTrip(message, QueryFailed.class)).isEqualTo(message);
    }

    @Test
    void catalogRefreshedMatchesItsSchema() throws IOException {
        CatalogRefreshed message = CatalogRefreshed.of("e-1", null, "AwsDataCatalog", "sales", List.of("orders"),
                "sales-crawler", NOW);
        assertMatches(message, "catalog-refreshed.v1.json");
        assertThat(roundTrip(message, CatalogRefreshed.class)).isEqualTo(message);
    }

    @Test
    void catalogRefreshedOfAnExportCarriesItsExportId() throws IOException {
        CatalogRefreshed message = CatalogRefreshed.ofExport("CatalogRefreshed:lake-x", "lake-x", "AwsDataCatalog", "lake",
                List.of("app_public_orders"), "lake-crawler", NOW, "lake-x");
        assertMatches(message, "catalog-refreshed.v1.json");
        assertThat(roundTrip(message, CatalogRefreshed.class)).isEqualTo(message);
        assertThat(JSON.valueToTree(message).get("exportId").asText()).isEqualTo("lake-x");
    }

    @Test
    void exportStartedMatchesItsSchema() throws IOException {
        ExportStarted message = ExportStarted.of("ExportStarted:lake-x", "lake-x", "lake-x",
                "arn:aws:rds:us-east-1:000000000000:snapshot:rds:app-db-2026-11-21-06-00", "app-db",
                "s3://exports/daily/lake-x/", NOW);
        assertMatches(message, "export-started.v1.json");
        assertThat(roundTrip(message, ExportStarted.class)).isEqualTo(message);
    }

    @Test
    void exportCompletedMatchesItsSchema() throws IOException {
        ExportCompleted message = ExportCompleted.of("ExportCompleted:lake-x", "lake-x", "lake-x", "arn:snap",
                "s3://exports/lake/", "replace", List.of("app.public.orders"), null, null, null, 12, 4096, NOW);
        assertMatches(message, "export-completed.v1.json");
        assertThat(roundTrip(message, ExportCompleted.class)).isEqualTo(message);
        ExportCompleted partial = ExportCompleted.of("ExportCompleted:lake-y", "lake-y", "lake-y", "arn:snap",
                "s3://exports/lake/", "replace", List.of("app.public.orders"),
                java.util.Map.of("app.public.events", "permission denied for table events"),
                java.util.Map.of("app.public.customers", "the lake holds arn:snap-newer of 2026-12-02T06:00:00Z"),
                List.of("app.public.archive"), 12, 4096, NOW);
        assertMatches(partial, "export-completed.v1.json");
        assertThat(roundTrip(partial, ExportCompleted.class)).isEqualTo(partial);
    }

    @Test
    void exportFailedMatchesItsSchema() throws IOException {
        ExportFailed message = ExportFailed.of("ExportFailed:lake-x", "lake-x", "lake-x", "arn:snap", "export",
                "FAILED", "Snapshot export task failed.", NOW);
        assertMatches(message, "export-failed.v1.json");
        assertMatches(ExportFailed.of("ExportFailed:lake-y", null, "lake-y", null, "crawl", "Failed", "crawl failed",
                null), "export-failed.v1.json");
        assertThat(roundTrip(message, ExportFailed.class)).isEqualTo(message);
    }

    @Test
    void unknownFieldsFromNewerProducersAreIgnored() throws IOException {
        CatalogRefreshed read = JSON.readValue("""
                {"type":"CatalogRefreshed","schemaVersion":1,"id":"e","correlationId":"c","database":"sales",
                 "somethingNew":{"a":1}}""", CatalogRefreshed.class);
        assertThat(read.database()).isEqualTo("sales");
    }

    private static <T> T roundTrip(Object message, Class<T> type) throws IOException {
        return JSON.readValue(JSON.writeValueAsString(message), type);
    }

    /** Every required property present, nothing outside the declared ones, constants and types as declared. */
    private static void assertMatches(Message message, String schemaFile) throws IOException {
        JsonNode schema;
        try (InputStream in = MessageSchemasTest.class.getResourceAsStream("/schemas/" + schemaFile)) {
            assertThat(in).as(schemaFile).isNotNull();
            schema = JSON.readTree(in);
        }
        JsonNode json = JSON.valueToTree(message);
        Set<String> declared = new TreeSet<>();
        schema.get("properties").fieldNames().forEachRemaining(declared::add);
        List<String> present = new ArrayList<>();
        json.fieldNames().forEachRemaining(present::add);
        assertThat(declared).as("declared properties of " + schemaFile).containsAll(present);
        schema.get("required").forEach(required -> assertThat(json.has(required.asText()))
                .as(required.asText() + " in " + json).isTrue());
        assertThat(json.get("type").asText()).isEqualTo(schema.at("/properties/type/const").asText());
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(schema.at("/properties/schemaVersion/const").asInt());
        json.fields().forEachRemaining(field -> {
            JsonNode property = schema.get("properties").get(field.getKey());
            String type = property.path("type").asText("");
            if (property.path("format").asText("").equals("date-time")) {
                assertThat(field.getValue().isTextual()).as(field.getKey() + " is an ISO-8601 string").isTrue();
                Instant.parse(field.getValue().asText());
            }
            switch (type) {
                case "string" -> assertThat(field.getValue().isTextual()).as(field.getKey()).isTrue();
                case "integer" -> assertThat(field.getValue().canConvertToLong()).as(field.getKey()).isTrue();
                case "array" -> assertThat(field.getValue().isArray()).as(field.getKey()).isTrue();
                case "object" -> assertThat(field.getValue().isObject()).as(field.getKey()).isTrue();
                default -> { }
            }
        });
    }
}
