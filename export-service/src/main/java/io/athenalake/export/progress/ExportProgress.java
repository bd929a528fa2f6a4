package io.athenalake.export.progress;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where one export stands, kept in S3 beside the data so that any instance, after any crash, resumes
 * from the last step recorded. Steps only move forward; every step is safe to repeat.
 *
 * @param source       the DB instance or cluster the snapshot is of (absent when the export's start was not recorded)
 * @param stage        the last step completed
 * @param snapshotTime when the exported snapshot was taken (absent in records written before it was kept)
 * @param snapshotDate the {@code snapshot_date=} partition of the {@code snapshots} layout
 * @param tables       the tables this export moves (after the move: moved)
 * @param failedTables the tables RDS did not export (not moved; the lake keeps what it held of them), with reasons
 * @param staleTables  the tables not moved because the lake holds a newer snapshot of them, with that snapshot
 * @param droppedTables the tables of the source the lake held and this export no longer has: removed from the lake
 * @param objects      the move plan: every object of the export's tables, where it goes, its size and ETag
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExportProgress(
        String exportId,
        String snapshotArn,
        String source,
        Stage stage,
        String layout,
        Instant snapshotTime,
        String snapshotDate,
        List<String> tables,
        Map<String, String> failedTables,
        Map<String, String> staleTables,
        List<String> droppedTables,
        List<PlannedObject> objects,
        long bytes,
        String failure,
        Instant updatedAt) {

    public enum Stage {
        /** StartExportTask accepted and ExportStarted announced. */
        STARTED,
        /** The export completed; the plan is recorded and copies are under way (nothing deleted yet). */
        MOVING,
        /** Every planned object is in the lake with its size and ETag: the daily folder may be deleted. */
        VERIFIED,
        /** The daily folder and superseded lake objects are gone; ExportCompleted announced, the crawl is due. */
        MOVED,
        /** The crawler was started for this export. */
        CRAWLING,
        /** CatalogRefreshed announced. */
        DONE,
        /** ExportFailed announced. */
        FAILED
    }

    @RegisterForReflection
    public record PlannedObject(String source, String target, long size, String etag) {
    }

    public static ExportProgress started(String exportId, String snapshotArn, String source) {
        return new ExportProgress(exportId, snapshotArn, source, Stage.STARTED, null, null, null, null, null, null, null,
                null, 0, null, Instant.now());
    }

    public ExportProgress at(Stage next) {
        return new ExportProgress(exportId, snapshotArn, source, next, layout, snapshotTime, snapshotDate, tables,
                failedTables, staleTables, droppedTables, objects, bytes, failure, Instant.now());
    }

    public ExportProgress planned(String layout, Instant snapshotTime, String snapshotDate, List<String> tables,
                                  Map<String, String> failedTables, Map<String, String> staleTables,
                                  List<PlannedObject> objects) {
        long total = objects.stream().mapToLong(PlannedObject::size).sum();
        return new ExportProgress(exportId, snapshotArn, source, Stage.MOVING, layout, snapshotTime, snapshotDate, tables,
                orNull(failedTables), orNull(staleTables), null, objects, total, null, Instant.now());
    }

    /** The same stage with fewer tables: those found stale, and their objects, taken out. */
    public ExportProgress without(Map<String, String> stale, java.util.function.Predicate<PlannedObject> staleObject) {
        if (stale.isEmpty()) {
            return this;
        }
        Map<String, String> allStale = new java.util.TreeMap<>(staleTables == null ? Map.of() : staleTables);
        allStale.putAll(stale);
        List<PlannedObject> kept = objects.stream().filter(staleObject.negate()).toList();
        return new ExportProgress(exportId, snapshotArn, source, stage, layout, snapshotTime, snapshotDate,
                tables.stream().filter(t -> !stale.containsKey(t)).toList(), failedTables, allStale, droppedTables, kept,
                kept.stream().mapToLong(PlannedObject::size).sum(), failure, Instant.now());
    }

    /** The same stage with fewer tables: those that failed after the move, with reasons, taken out. */
    public ExportProgress failedAlso(Map<String, String> failed) {
        if (failed.isEmpty()) {
            return this;
        }
        Map<String, String> allFailed = new java.util.TreeMap<>(failedTables == null ? Map.of() : failedTables);
        allFailed.putAll(failed);
        return new ExportProgress(exportId, snapshotArn, source, stage, layout, snapshotTime, snapshotDate,
                tables.stream().filter(t -> !failed.containsKey(t)).toList(), allFailed, staleTables, droppedTables, objects,
                bytes, failure, Instant.now());
    }

    /** The same stage, with the source's tables this export removed from the lake. */
    public ExportProgress dropped(List<String> tables) {
        return new ExportProgress(exportId, snapshotArn, source, stage, layout, snapshotTime, snapshotDate, this.tables,
                failedTables, staleTables, tables.isEmpty() ? null : List.copyOf(tables), objects, bytes, failure,
                Instant.now());
    }

    public ExportProgress failed(String reason) {
        return new ExportProgress(exportId, snapshotArn, source, Stage.FAILED, layout, snapshotTime, snapshotDate, tables,
                failedTables, staleTables, droppedTables, objects, bytes, reason, Instant.now());
    }

    private static Map<String, String> orNull(Map<String, String> tables) {
        return tables == null || tables.isEmpty() ? null : tables;
    }

    public boolean atLeast(Stage other) {
        return stage != Stage.FAILED && stage.ordinal() >= other.ordinal();
    }
}
