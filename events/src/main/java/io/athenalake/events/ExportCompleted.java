package io.athenalake.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An export was moved into the lake and verified (the daily folder is gone); sent to
 * {@code lake-events}. The data becomes queryable with the {@link CatalogRefreshed} that follows.
 *
 * @param exportId     the RDS export task identifier
 * @param snapshotArn  the exported snapshot
 * @param lakeLocation the lake the export was moved into ({@code s3://bucket/lake-prefix/})
 * @param layout       {@code replace} or {@code snapshots}
 * @param tables       the tables moved into the lake ({@code db.schema.table})
 * @param failedTables the tables RDS did not export (status other than COMPLETE in the export's table
 *                     list), each with RDS's reason when it gave one: the lake keeps what it held of them.
 *                     Absent when every table was exported.
 * @param staleTables  the tables this export did not move because the lake already holds a newer snapshot of
 *                     them (an export that finished late, out of order), each with the snapshot it holds: a
 *                     table never goes back in time. Absent when there is none.
 * @param droppedTables the source's tables the lake held that this export no longer has (dropped at the source):
 *                     removed from the lake and the catalog. Absent when there is none.
 * @param objects      objects moved
 * @param bytes        bytes moved
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExportCompleted(
        String type,
        int schemaVersion,
        String id,
        String correlationId,
        String exportId,
        String snapshotArn,
        String lakeLocation,
        String layout,
        List<String> tables,
        Map<String, String> failedTables,
        Map<String, String> staleTables,
        List<String> droppedTables,
        long objects,
        long bytes,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Instant completedAt) implements Message {

    public static final String TYPE = "ExportCompleted";
    public static final int SCHEMA_VERSION = 1;

    public static ExportCompleted of(String id, String correlationId, String exportId, String snapshotArn,
                                     String lakeLocation, String layout, List<String> tables,
                                     Map<String, String> failedTables, Map<String, String> staleTables,
                                     List<String> droppedTables, long objects, long bytes, Instant completedAt) {
        return new ExportCompleted(TYPE, SCHEMA_VERSION, id, correlationId == null ? id : correlationId, exportId,
                snapshotArn, lakeLocation, layout, tables, orNull(failedTables), orNull(staleTables),
                droppedTables == null || droppedTables.isEmpty() ? null : List.copyOf(droppedTables), objects, bytes,
                completedAt);
    }

    private static Map<String, String> orNull(Map<String, String> tables) {
        return tables == null || tables.isEmpty() ? null : Map.copyOf(tables);
    }
}
