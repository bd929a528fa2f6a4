package io.athenalake.export.crawler;

import io.athenalake.export.config.ExportServiceConfig;
import io.athenalake.export.progress.ProgressStore.FolderHolds;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.ConcurrentModificationException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The lake's live tables in the {@code replace} layout: export-service, not the crawler, writes them. The crawler
 * catalogues every export folder into a staging database (one table per table folder, one partition per export, each
 * partition with its own columns); a table is switched to an export by one {@code UpdateTable} that sets its location
 * and columns together, so a query sees either the previous export or this one, never both and never half. The
 * update carries the table version read just before: two exports switching the same table at once (in any number of
 * instances) cannot both win, and the loser decides again on what the winner left — an older snapshot never replaces
 * a newer one. Each table records the export it shows in its parameters.
 */
@ApplicationScoped
public class LakeTables {

    private static final Logger LOG = Logger.getLogger(LakeTables.class);
    static final String EXPORT_ID = "athena_lake_export_id";
    static final String SNAPSHOT_ARN = "athena_lake_snapshot_arn";
    static final String SNAPSHOT_TIME = "athena_lake_snapshot_time";
    static final String SOURCE = "athena_lake_source";
    private static final int ATTEMPTS = 10;

    private final GlueClient glue;
    private final String database;

    @jakarta.inject.Inject
    protected LakeTables(GlueClient glue, ExportServiceConfig config) {
        this(glue, config.glueDatabase());
    }

    /** The live tables of {@code database}. */
    public LakeTables(GlueClient glue, String database) {
        this.glue = glue;
        this.database = database;
    }

    /**
     * What a switch did.
     *
     * @param outcome          SWITCHED (or CREATED): the table shows the export now; ALREADY: it did before (a repeated
     *                         step); STALE: it shows a newer snapshot, left alone
     * @param previousLocation where the table read before (empty when it was created or nothing changed)
     * @param shown            the export the table shows after the call
     */
    public record Switch(Outcome outcome, Optional<String> previousLocation, FolderHolds shown) {
    }

    public enum Outcome { CREATED, SWITCHED, ALREADY, STALE }

    /** The export folder's columns and location as the crawler catalogued them in the staging database, if it did. */
    public Optional<StorageDescriptor> staged(String stagingDatabase, String table, String exportId) {
        try {
            return Optional.ofNullable(glue.getPartition(b -> b.databaseName(stagingDatabase).tableName(table)
                    .partitionValues(exportId)).partition().storageDescriptor());
        } catch (EntityNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Makes {@code table} read {@code staged} (an export folder's storage, as crawled), unless it shows a newer
     * snapshot already.
     */
    public Switch switchTo(String table, StorageDescriptor staged, FolderHolds export) {
        for (int attempt = 1; ; attempt++) {
            Optional<Table> live = get(table);
            try {
                if (live.isEmpty()) {
                    glue.createTable(b -> b.databaseName(database).tableInput(input(table, staged, export)));
                    return new Switch(Outcome.CREATED, Optional.empty(), export);
                }
                String location = live.get().storageDescriptor() == null ? null : live.get().storageDescriptor().location();
                FolderHolds shown = shown(live.get()).orElse(null);
                if (staged.location().equals(location)) {
                    return new Switch(Outcome.ALREADY, Optional.empty(), export);
                }
                if (shown != null && shown.newerThan(export.exportId(), export.snapshotTime())) {
                    return new Switch(Outcome.STALE, Optional.empty(), shown);
                }
                glue.updateTable(b -> b.databaseName(database).tableInput(input(table, staged, export))
                        .versionId(live.get().versionId()));
                return new Switch(Outcome.SWITCHED, Optional.ofNullable(location), export);
            } catch (ConcurrentModificationException | AlreadyExistsException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                LOG.infof("%s.%s changed while export %s switched it (%s): decided again on what is there now", database,
                        table, export.exportId(), e.getClass().getSimpleName());
            }
        }
    }

    /** Where a live table reads, if it exists. */
    public Optional<String> location(String table) {
        return get(table).map(Table::storageDescriptor).map(StorageDescriptor::location);
    }

    /** Deletes a live table; one that is not there is fine. */
    public void drop(String table) {
        try {
            glue.deleteTable(b -> b.databaseName(database).name(table));
        } catch (EntityNotFoundException e) {
            // dropped already
        }
    }

    private Optional<Table> get(String table) {
        try {
            return Optional.of(glue.getTable(b -> b.databaseName(database).name(table)).table());
        } catch (EntityNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The export a live table shows, as its parameters record it (absent for tables catalogued before they were). */
    private static Optional<FolderHolds> shown(Table table) {
        Map<String, String> parameters = table.parameters();
        if (parameters == null || !parameters.containsKey(EXPORT_ID)) {
            return Optional.empty();
        }
        String time = parameters.get(SNAPSHOT_TIME);
        return Optional.of(new FolderHolds(parameters.get(EXPORT_ID), parameters.get(SNAPSHOT_ARN),
                time == null ? null : Instant.parse(time), parameters.get(SOURCE)));
    }

    private static TableInput input(String table, StorageDescriptor staged, FolderHolds export) {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("classification", "parquet");
        parameters.put("EXTERNAL", "TRUE");
        parameters.put(EXPORT_ID, export.exportId());
        if (export.snapshotArn() != null) {
            parameters.put(SNAPSHOT_ARN, export.snapshotArn());
        }
        if (export.snapshotTime() != null) {
            parameters.put(SNAPSHOT_TIME, export.snapshotTime().toString());
        }
        if (export.source() != null) {
            parameters.put(SOURCE, export.source());
        }
        return TableInput.builder().name(table).tableType("EXTERNAL_TABLE").parameters(parameters)
                .storageDescriptor(staged).partitionKeys(java.util.List.of()).build();
    }
}
