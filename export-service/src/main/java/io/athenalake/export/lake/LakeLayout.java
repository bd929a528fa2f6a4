package io.athenalake.export.lake;

import io.athenalake.export.config.ExportServiceConfig.LayoutMode;

import java.util.Locale;

/**
 * Where an exported object lives in the lake. RDS writes {@code <root><db>/<schema.table>/<n>/part-….parquet};
 * the lake keeps one folder per table, {@code <lake-prefix><db>.<schema.table>/}, which the crawler
 * catalogues as table {@code <db>_<schema>_<table>}:
 * <ul>
 *   <li>{@code replace}: {@code <table folder><n>_part-….parquet} (no partitions);</li>
 *   <li>{@code snapshots}: {@code <table folder>snapshot_date=<yyyy-MM-dd>/<n>_part-….parquet}.</li>
 * </ul>
 * RDS's numbered sub-folders are folded into the file name, so no {@code partition_0} column appears
 * and names stay unique (RDS puts a UUID in each part name).
 */
public record LakeLayout(String lakePrefix, LayoutMode mode) {

    /** The table's folder for {@code db.schema.table}. */
    public String tableFolder(String target) {
        return lakePrefix + target + "/";
    }

    /** The folder this export writes: the table folder, or its {@code snapshot_date=} partition. */
    public String exportFolder(String target, String snapshotDate) {
        return mode == LayoutMode.snapshots ? tableFolder(target) + "snapshot_date=" + snapshotDate + "/" : tableFolder(target);
    }

    /** The lake key of an object at {@code relative} (below the table's folder in the export). */
    public String target(String target, String snapshotDate, String relative) {
        return exportFolder(target, snapshotDate) + relative.replace('/', '_');
    }

    /** The table name the crawler gives a table folder, as Glue names them (lower case, other characters → _). */
    public static String glueTableName(String tablePrefix, String target) {
        return (tablePrefix == null ? "" : tablePrefix) + target.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }
}
