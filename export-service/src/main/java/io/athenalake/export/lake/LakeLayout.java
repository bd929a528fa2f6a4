package io.athenalake.export.lake;

import io.athenalake.export.config.ExportServiceConfig.LayoutMode;

import java.util.Locale;

/**
 * Where an exported object lives in the lake. RDS writes {@code <root><db>/<schema.table>/<n>/part-….parquet};
 * the lake keeps one folder per table, {@code <lake-prefix><db>.<schema.table>/}, and below it:
 * <ul>
 *   <li>{@code replace}: one folder per export, {@code <table folder><export-id>/<n>_part-….parquet}. An export moves
 *   into a folder no query reads; the table is switched over to it in one catalog update once it is verified and
 *   crawled, and the previous export's folder is deleted only after the queries that may still read it have
 *   ended;</li>
 *   <li>{@code snapshots}: {@code <table folder>snapshot_date=<yyyy-MM-dd>/<n>_part-….parquet}.</li>
 * </ul>
 * RDS's numbered sub-folders are folded into the file name, so names stay unique (RDS puts a UUID in each part
 * name) and a table's data is one level of folders deep.
 */
public record LakeLayout(String lakePrefix, LayoutMode mode) {

    /** The table's folder for {@code db.schema.table}. */
    public String tableFolder(String target) {
        return lakePrefix + target + "/";
    }

    /** The folder whose record says which export the lake holds of a table: the table folder, or its partition. */
    public String heldFolder(String target, String snapshotDate) {
        return mode == LayoutMode.snapshots ? tableFolder(target) + "snapshot_date=" + snapshotDate + "/" : tableFolder(target);
    }

    /** The folder this export writes: its own folder of the table, or the table's {@code snapshot_date=} partition. */
    public String exportFolder(String target, String snapshotDate, String exportId) {
        return mode == LayoutMode.snapshots ? heldFolder(target, snapshotDate) : tableFolder(target) + exportId + "/";
    }

    /** The lake key of an object at {@code relative} (below the table's folder in the export). */
    public String target(String target, String snapshotDate, String exportId, String relative) {
        return exportFolder(target, snapshotDate, exportId) + relative.replace('/', '_');
    }

    /** The table name the crawler gives a table folder, as Glue names them (lower case, other characters → _). */
    public static String glueTableName(String tablePrefix, String target) {
        return (tablePrefix == null ? "" : tablePrefix) + target.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }
}
