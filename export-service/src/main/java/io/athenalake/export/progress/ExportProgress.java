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
 * @param stage        the last step completed
 * @param snapshotDate the {@code snapshot_date=} partition of the {@code snapshots} layout
 * @param failedTables the tables RDS did not export (not moved; the lake keeps what it held of them), with reasons
 * @param objects      the move plan: every object of the export's tables, where it goes, its size and ETag
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExportProgress(
        String exportId,
        String snapshotArn,
        Stage stage,
        String layout,
        String snapshotDate,
        List<String> tables,
        Map<String, String> failedTables,
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

    public static ExportProgress started(String exportId, String snapshotArn) {
        return new ExportProgress(exportId, snapshotArn, Stage.STARTED, null, null, null, null, null, 0, null, Instant.now());
    }

    public ExportProgress at(Stage next) {
        return new ExportProgress(exportId, snapshotArn, next, layout, snapshotDate, tables, failedTables, objects, bytes, failure,
                Instant.now());
    }

    public ExportProgress planned(String layout, String snapshotDate, List<String> tables, Map<String, String> failedTables,
                                  List<PlannedObject> objects) {
        long total = objects.stream().mapToLong(PlannedObject::size).sum();
        return new ExportProgress(exportId, snapshotArn, Stage.MOVING, layout, snapshotDate, tables,
                failedTables == null || failedTables.isEmpty() ? null : failedTables, objects, total, null, Instant.now());
    }

    public ExportProgress failed(String reason) {
        return new ExportProgress(exportId, snapshotArn, Stage.FAILED, layout, snapshotDate, tables, failedTables, objects, bytes,
                reason,
                Instant.now());
    }

    public boolean atLeast(Stage other) {
        return stage != Stage.FAILED && stage.ordinal() >= other.ordinal();
    }
}
