package io.athenalake.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * The Glue Data Catalog was refreshed for a database (a crawl succeeded); sent to {@code lake-events}
 * by export-service. Queries configured for the database run when it arrives.
 *
 * @param catalog     the Athena data catalog ({@code AwsDataCatalog} when absent)
 * @param database    the Glue database whose tables were refreshed
 * @param tables      the tables created or updated by the crawl, when known
 * @param crawlerName the crawler that ran
 * @param refreshedAt when the crawl finished
 * @param exportId    the RDS export task whose data the crawl catalogued, when export-service started the crawl for one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CatalogRefreshed(
        String type,
        int schemaVersion,
        String id,
        String correlationId,
        String catalog,
        String database,
        List<String> tables,
        String crawlerName,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Instant refreshedAt,
        String exportId) implements Message {

    public static final String TYPE = "CatalogRefreshed";
    public static final int SCHEMA_VERSION = 1;

    public static CatalogRefreshed of(String id, String correlationId, String catalog, String database,
                                      List<String> tables, String crawlerName, Instant refreshedAt) {
        return new CatalogRefreshed(TYPE, SCHEMA_VERSION, id, correlationId == null ? id : correlationId, catalog,
                database, tables, crawlerName, refreshedAt, null);
    }

    /** The refresh that made an RDS export's tables queryable. */
    public static CatalogRefreshed ofExport(String id, String correlationId, String catalog, String database,
                                            List<String> tables, String crawlerName, Instant refreshedAt,
                                            String exportId) {
        return new CatalogRefreshed(TYPE, SCHEMA_VERSION, id, correlationId == null ? id : correlationId, catalog,
                database, tables, crawlerName, refreshedAt, exportId);
    }
}
