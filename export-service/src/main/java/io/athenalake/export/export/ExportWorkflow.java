package io.athenalake.export.export;

import io.athenalake.events.CatalogRefreshed;
import io.athenalake.events.ExportCompleted;
import io.athenalake.events.ExportFailed;
import io.athenalake.events.ExportStarted;
import io.athenalake.export.config.ExportServiceConfig;
import io.athenalake.export.config.ExportServiceConfig.LayoutMode;
import io.athenalake.export.crawler.LakeCrawler;
import io.athenalake.export.crawler.LakeTables;
import io.athenalake.export.lake.ExportManifest;
import io.athenalake.export.lake.LakeLayout;
import io.athenalake.export.lake.LakeMover;
import io.athenalake.export.progress.ExportProgress;
import io.athenalake.export.progress.ExportProgress.PlannedObject;
import io.athenalake.export.progress.ExportProgress.Stage;
import io.athenalake.export.progress.ProgressStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ExportTask;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The whole job, one event at a time: snapshot created → StartExportTask; export completed → move
 * into the lake, verify, delete the daily folder, start the crawler; crawl finished → CatalogRefreshed.
 * Each step is recorded in {@link ProgressStore} before the next begins, so a redelivered event (after
 * a crash, a duplicate, or a retry) continues from the last recorded step and never repeats a finished one.
 */
@ApplicationScoped
public class ExportWorkflow {

    private static final Logger LOG = Logger.getLogger(ExportWorkflow.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final ExportServiceConfig config;
    private final RdsClient rds;
    private final S3Client s3;
    private final ProgressStore progress;
    private final LakeMover mover;
    private final LakeCrawler crawler;
    private final LakeTables lakeTables;
    private final LakeEventsPublisher publisher;
    private final MeterRegistry metrics;
    private final SourceAllowList allowList;
    private final LakeLayout layout;
    private final ReentrantLock[] locks = new ReentrantLock[64];
    private final ReentrantLock lakeReplacements = new ReentrantLock();

    ExportWorkflow(ExportServiceConfig config, RdsClient rds, S3Client s3, ProgressStore progress, LakeMover mover, LakeCrawler crawler,
                   LakeTables lakeTables, LakeEventsPublisher publisher, MeterRegistry metrics) {
        this.config = config;
        this.rds = rds;
        this.s3 = s3;
        this.progress = progress;
        this.mover = mover;
        this.crawler = crawler;
        this.lakeTables = lakeTables;
        this.publisher = publisher;
        this.metrics = metrics;
        this.allowList = new SourceAllowList(config.sources());
        this.layout = new LakeLayout(config.lakePrefix(), config.layout().mode());
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    // ---------------------------------------------------------------- snapshot created

    public void snapshotCreated(RdsEvent.SnapshotCreated event) {
        String exportId = ExportIds.forSnapshot(config.exportIdPrefix(), event.snapshotArn());
        MDC.put("exportId", exportId);
        locked(exportId, () -> startExport(event, exportId));
    }

    private void startExport(RdsEvent.SnapshotCreated event, String exportId) {
        Optional<ExportProgress> known = progress.find(exportId);
        if (known.isPresent()) {
            LOG.infof("%s for %s: export %s is already %s, nothing new started", event.rdsEventId(), event.snapshotArn(),
                    exportId, known.get().stage());
            return;
        }
        String source = sourceOf(event);
        if (!allowList.allows(source)) {
            LOG.infof("%s for %s: %s is not on the allow-list %s, acknowledged without export", event.rdsEventId(),
                    event.snapshotArn(), source, config.sources());
            return;
        }
        String location = "s3://" + config.exportBucket() + "/" + config.exportPrefix() + exportId + "/";
        try {
            timed("start-export", () -> rds.startExportTask(b -> {
                b.exportTaskIdentifier(exportId).sourceArn(event.snapshotArn()).s3BucketName(config.exportBucket())
                        .iamRoleArn(config.exportRoleArn()).kmsKeyId(config.exportKmsKeyArn());
                if (!config.exportPrefix().isEmpty()) {
                    b.s3Prefix(config.exportPrefix().substring(0, config.exportPrefix().length() - 1));
                }
                config.exportOnly().ifPresent(b::exportOnly);
            }));
            LOG.infof("started export %s of %s (%s) into %s", exportId, event.snapshotArn(), source, location);
        } catch (RdsException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if ("ExportTaskAlreadyExists".equals(code)) {
                LOG.infof("export %s of %s already exists: treated as started", exportId, event.snapshotArn());
            } else if ("ExportTaskLimitReached".equals(code) || e.isThrottlingException() || e.statusCode() >= 500) {
                count("retried-" + (code.isEmpty() ? "throttled" : code));
                throw new RetryLaterException(code + ": " + e.awsErrorDetails().errorMessage(), config.retry().exportQuota());
            } else {
                // a refusal that repeating cannot fix (role, key, bucket, table filter): say so and stop
                publisher.publish(ExportFailed.of("ExportFailed:" + exportId, exportId, exportId, event.snapshotArn(),
                        "export", "REJECTED", code + ": " + e.awsErrorDetails().errorMessage(), Instant.now()));
                progress.save(ExportProgress.started(exportId, event.snapshotArn(), source).failed(code));
                count("rejected");
                return;
            }
        }
        publisher.publish(ExportStarted.of("ExportStarted:" + exportId, exportId, exportId, event.snapshotArn(), source,
                location, Instant.now()));
        progress.save(ExportProgress.started(exportId, event.snapshotArn(), source));
        count("started");
    }

    /** The instance or cluster a snapshot is of, as RDS describes it (the event names only the snapshot). */
    private String sourceOf(RdsEvent.SnapshotCreated event) {
        String identifier = ExportIds.snapshotIdentifier(event.snapshotArn());
        boolean automated = event.rdsEventId().equals("RDS-EVENT-0091") || event.rdsEventId().equals("RDS-EVENT-0169");
        try {
            if (event.cluster()) {
                return rds.describeDBClusterSnapshots(b -> b.dbClusterSnapshotIdentifier(event.snapshotArn())
                        .snapshotType(automated ? "automated" : "manual")).dbClusterSnapshots().stream()
                        .findFirst().map(s -> s.dbClusterIdentifier()).orElse(null);
            }
            return rds.describeDBSnapshots(b -> b.dbSnapshotIdentifier(event.snapshotArn())
                    .snapshotType(automated ? "automated" : "manual")).dbSnapshots().stream()
                    .findFirst().map(s -> s.dbInstanceIdentifier()).orElse(null);
        } catch (RdsException e) {
            if (e.statusCode() == 404) {
                LOG.warnf("snapshot %s is not found (deleted since?)", identifier);
                return null;
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- export ended

    public void exportEnded(RdsEvent.ExportEnded event) {
        String exportId = ExportIds.forSnapshot(config.exportIdPrefix(), event.snapshotArn());
        MDC.put("exportId", exportId);
        locked(exportId, () -> finishExport(event, exportId));
    }

    private void finishExport(RdsEvent.ExportEnded event, String exportId) {
        ExportProgress current = progress.find(exportId).orElse(null);
        if (current != null && (current.stage() == Stage.FAILED || current.atLeast(Stage.CRAWLING))) {
            LOG.infof("%s: export %s is already %s, nothing to do", event.rdsEventId(), exportId, current.stage());
            return;
        }
        Optional<ExportTask> task = describe(exportId);
        if (task.isEmpty()) {
            LOG.infof("%s for %s: no export %s by export-service exists, acknowledged", event.rdsEventId(),
                    event.snapshotArn(), exportId);
            return;
        }
        if (!writesHere(task.get())) {
            LOG.infof("%s for %s: export %s writes to s3://%s/%s, not to this service's s3://%s/%s: someone else's, acknowledged",
                    event.rdsEventId(), event.snapshotArn(), exportId, task.get().s3Bucket(),
                    task.get().s3Prefix() == null ? "" : task.get().s3Prefix(), config.exportBucket(), config.exportPrefix());
            return;
        }
        String status = task.get().status();
        if (status.equals("STARTING") || status.equals("IN_PROGRESS") || status.equals("CANCELING")) {
            throw new RetryLaterException("export " + exportId + " is " + status + " (" + event.rdsEventId()
                    + " arrived before the task finished)", config.retry().exportNotReady());
        }
        if (current == null) {
            current = ExportProgress.started(exportId, event.snapshotArn(), null); // its start was not recorded
        }
        if (!status.equals("COMPLETE")) {
            String reason = task.get().failureCause() != null ? task.get().failureCause()
                    : (event.message() != null ? event.message() : "export " + status);
            publisher.publish(ExportFailed.of("ExportFailed:" + exportId, exportId, exportId, event.snapshotArn(), "export",
                    status, reason, Instant.now()));
            progress.save(current.failed(status + ": " + reason));
            count(status.equals("CANCELED") ? "canceled" : "failed");
            LOG.infof("export %s ended %s (%s): ExportFailed announced, nothing moved", exportId, status, reason);
            return;
        }
        move(current, task.get().snapshotTime());
    }

    private void move(ExportProgress current, Instant taskSnapshotTime) {
        String exportId = current.exportId();
        String root = config.exportPrefix() + exportId + "/";
        if (current.stage() == Stage.STARTED) {
            ExportManifest manifest = ExportManifest.read(s3, config.exportBucket(), root, exportId);
            if (manifest.tables().isEmpty() && !manifest.failedTables().isEmpty()) {
                String reason = "no table was exported: " + describe(manifest.failedTables());
                publisher.publish(ExportFailed.of("ExportFailed:" + exportId, exportId, exportId, current.snapshotArn(),
                        "export", "FAILED", reason, Instant.now()));
                progress.save(current.failed(reason));
                count("failed");
                LOG.infof("export %s: %s; ExportFailed announced, nothing moved", exportId, reason);
                return;
            }
            if (!manifest.failedTables().isEmpty()) {
                LOG.warnf("export %s: RDS did not export %d tables, they keep what the lake held of them: %s", exportId,
                        manifest.failedTables().size(), describe(manifest.failedTables()));
            }
            Instant snapshotTime = taskSnapshotTime != null ? taskSnapshotTime : manifest.snapshotTime();
            String snapshotDate = DAY.format(snapshotTime);
            Map<String, String> stale = staleTables(manifest.tables(), exportId, snapshotTime, snapshotDate);
            List<String> tables = manifest.tables().stream().filter(t -> !stale.containsKey(t)).toList();
            List<PlannedObject> plan = timed("plan", () -> mover.plan(manifest, tables, layout, snapshotDate));
            current = progress.save(current.planned(config.layout().mode().name(), snapshotTime, snapshotDate, tables,
                    manifest.failedTables(), stale, plan));
            LOG.infof("export %s: %d objects (%d bytes) of %d tables to move into s3://%s/%s (%s layout)", exportId,
                    plan.size(), current.bytes(), tables.size(), config.exportBucket(), config.lakePrefix(),
                    current.layout());
        }
        if (current.stage() == Stage.MOVING) {
            List<PlannedObject> plan = current.objects();
            timed("copy", () -> {
                mover.copy(plan);
                return null;
            });
            List<String> problems = timed("verify", () -> mover.verify(plan));
            if (!problems.isEmpty()) {
                throw new RetryLaterException("export " + exportId + ": " + problems.size() + " objects not verified, e.g. "
                        + problems.get(0) + "; the daily folder is kept", config.retry().transientFailure());
            }
            current = progress.save(current.at(Stage.VERIFIED));
            LOG.infof("export %s: %d objects verified in the lake", exportId, plan.size());
        }
        if (current.stage() == Stage.VERIFIED) {
            // replace: the export's folders are its own, no query reads them; the tables switch after the crawl
            if (config.layout().mode() == LayoutMode.snapshots) {
                ExportProgress verified = current;
                current = timed("delete", () -> replaceInLake(verified));
                if (current.stage() == Stage.MOVING) {
                    throw new RetryLaterException("export " + exportId + ": objects it had copied were removed by another"
                            + " export's move meanwhile; they are copied again", config.retry().transientFailure());
                }
            } else {
                ExportProgress verified = current;
                current = progress.save(verified.dropped(dropMissingTables(verified, crawler.status().tablePrefix())));
            }
            timed("delete", () -> {
                mover.delete(mover.list(root));
                return null;
            });
            current = progress.save(current.at(Stage.MOVED));
            LOG.infof("export %s: daily folder s3://%s/%s deleted", exportId, config.exportBucket(), root);
        }
        if (current.stage() == Stage.MOVED) {
            publisher.publish(ExportCompleted.of("ExportCompleted:" + exportId, exportId, exportId, current.snapshotArn(),
                    "s3://" + config.exportBucket() + "/" + config.lakePrefix(), current.layout(), current.tables(),
                    current.failedTables(), current.staleTables(), current.droppedTables(), current.objects().size(),
                    current.bytes(), Instant.now()));
            if (current.tables().isEmpty()) {
                progress.save(current.at(Stage.DONE));
                count("stale");
                LOG.infof("export %s: the lake holds newer snapshots of all its tables (%s); nothing to crawl", exportId,
                        current.staleTables());
                return;
            }
            startCrawl(current);
        }
    }

    /**
     * The tables of which the lake already holds a later snapshot than this export's: an export that finishes late
     * (it waited for the export quota while the next day's snapshot was exported) must not take them back in time.
     */
    private Map<String, String> staleTables(List<String> tables, String exportId, Instant snapshotTime, String snapshotDate) {
        Map<String, String> stale = new java.util.TreeMap<>();
        for (String table : tables) {
            progress.holds(layout.heldFolder(table, snapshotDate))
                    .filter(holds -> holds.newerThan(exportId, snapshotTime))
                    .ifPresent(holds -> stale.put(table, newerSnapshot(holds)));
        }
        if (!stale.isEmpty()) {
            LOG.warnf("export %s of a snapshot taken %s: %d tables are not moved, the lake holds newer snapshots of them: %s",
                    exportId, snapshotTime, stale.size(), stale);
            count("stale-tables");
        }
        return stale;
    }

    /** Why a table is stale: the snapshot the lake holds of it. */
    private static String newerSnapshot(ProgressStore.FolderHolds holds) {
        return "the lake holds a newer snapshot, " + holds.snapshotArn() + " taken " + holds.snapshotTime() + " (export "
                + holds.exportId() + ")";
    }

    /**
     * snapshots layout: the verified objects replace the tables' earlier ones: one export at a time in this instance (so two exports of
     * the same tables cannot delete each other's objects as superseded), and only for tables of which the lake still
     * holds no newer snapshot — one may have been moved while this export copied; this export's copies of those tables
     * are removed instead. If another export's replacement removed objects this export had copied, the export goes
     * back to MOVING (the copies are repeated).
     */
    private ExportProgress replaceInLake(ExportProgress verified) {
        lakeReplacements.lock();
        try {
            Map<String, String> stale = staleTables(verified.tables(), verified.exportId(), verified.snapshotTime(),
                    verified.snapshotDate());
            java.util.function.Predicate<PlannedObject> ofStale = o -> stale.keySet().stream()
                    .anyMatch(t -> o.target().startsWith(layout.heldFolder(t, verified.snapshotDate())));
            if (!stale.isEmpty()) {
                mover.delete(verified.objects().stream().filter(ofStale).map(PlannedObject::target).toList());
            }
            ExportProgress current = verified.without(stale, ofStale);
            Set<String> present = new HashSet<>();
            current.tables().forEach(t -> present.addAll(mover.list(layout.heldFolder(t, current.snapshotDate()))));
            List<String> missing = current.objects().stream().map(PlannedObject::target).filter(k -> !present.contains(k))
                    .toList();
            if (!missing.isEmpty()) {
                LOG.warnf("export %s: %d verified objects are gone (another export's move replaced them), e.g. %s",
                        current.exportId(), missing.size(), missing.get(0));
                return progress.save(current.at(Stage.MOVING));
            }
            removeSuperseded(current);
            ProgressStore.FolderHolds holds = new ProgressStore.FolderHolds(current.exportId(), current.snapshotArn(),
                    current.snapshotTime(), current.source());
            current.tables().forEach(t -> progress.hold(layout.heldFolder(t, current.snapshotDate()), holds));
            return progress.save(current);
        } finally {
            lakeReplacements.unlock();
        }
    }

    private static String describe(Map<String, String> failedTables) {
        return failedTables.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** snapshots layout: other objects of the same day, and partitions past retention. */
    private void removeSuperseded(ExportProgress current) {
        Set<String> kept = new HashSet<>();
        current.objects().forEach(o -> kept.add(o.target()));
        List<String> superseded = new ArrayList<>();
        for (String table : current.tables()) {
            String folder = layout.heldFolder(table, current.snapshotDate());
            mover.list(folder).stream().filter(k -> !kept.contains(k)).forEach(superseded::add);
            List<String> partitions = mover.partitions(layout.tableFolder(table));
            for (int i = 0; i < partitions.size() - config.layout().retention(); i++) {
                if (!partitions.get(i).equals(folder)) {
                    superseded.addAll(mover.list(partitions.get(i)));
                }
            }
        }
        if (!superseded.isEmpty()) {
            LOG.infof("export %s: deleting %d superseded lake objects", current.exportId(), superseded.size());
            mover.delete(superseded);
        }
    }

    /**
     * replace layout: the tables the lake holds from this export's source (within {@code export-only}) that this
     * export does not have — dropped at the source — are removed: their Glue table and their record at once, their
     * objects after the grace period (a query may be reading them). An export older than what the lake holds of a
     * table never drops it.
     */
    private List<String> dropMissingTables(ExportProgress current, String tablePrefix) {
        if (config.layout().mode() != LayoutMode.replace || !config.layout().dropMissingTables() || current.source() == null) {
            return current.droppedTables() == null ? List.of() : current.droppedTables();
        }
        Set<String> exported = new HashSet<>(current.tables());
        Optional.ofNullable(current.failedTables()).ifPresent(failed -> exported.addAll(failed.keySet()));
        Optional.ofNullable(current.staleTables()).ifPresent(stale -> exported.addAll(stale.keySet()));
        List<String> dropped = new ArrayList<>(current.droppedTables() == null ? List.of() : current.droppedTables());
        for (var held : progress.heldFolders(config.lakePrefix()).entrySet()) {
            String folder = held.getKey();
            String table = folder.substring(config.lakePrefix().length(), folder.length() - 1);
            ProgressStore.FolderHolds holds = held.getValue();
            if (table.contains("/") || exported.contains(table) || !current.source().equals(holds.source())
                    || !inExportScope(table) || holds.newerThan(current.exportId(), current.snapshotTime())) {
                continue;
            }
            lakeTables.drop(LakeLayout.glueTableName(tablePrefix, table));
            retire(table, folder + holds.exportId() + "/", tablePrefix);
            retire(table, folder, tablePrefix);
            progress.release(folder);
            dropped.add(table);
            count("dropped-tables");
            LOG.infof("export %s: %s is no longer in %s's export (dropped at the source): removed from the lake and %s",
                    current.exportId(), table, current.source(), config.glueDatabase());
        }
        return dropped;
    }

    /**
     * replace layout, after the crawl: each table of the export is switched to the export's folder (location and
     * columns in one catalog update, see {@link LakeTables}), unless it shows a newer snapshot by then — another export
     * switched it meanwhile, here or in another instance; the folder it read before is retired. A table the crawl did
     * not catalogue keeps what it showed and is reported failed; the others go on.
     */
    private ExportProgress switchTables(ExportProgress current, LakeCrawler.Status crawlerStatus) {
        ProgressStore.FolderHolds export = new ProgressStore.FolderHolds(current.exportId(), current.snapshotArn(),
                current.snapshotTime(), current.source());
        Map<String, String> stale = new java.util.TreeMap<>();
        Map<String, String> uncatalogued = new java.util.TreeMap<>();
        for (String table : current.tables()) {
            String glueName = LakeLayout.glueTableName(crawlerStatus.tablePrefix(), table);
            String folder = layout.exportFolder(table, current.snapshotDate(), current.exportId());
            var staged = lakeTables.staged(crawlerStatus.database(), glueName, current.exportId());
            if (staged.isEmpty()) {
                uncatalogued.put(table, "the crawl did not catalogue s3://" + config.exportBucket() + "/" + folder + " as a partition of "
                        + crawlerStatus.database() + "." + glueName);
                continue;
            }
            LakeTables.Switch result = lakeTables.switchTo(glueName, staged.get(), export);
            if (result.outcome() == LakeTables.Outcome.STALE) {
                stale.put(table, newerSnapshot(result.shown()));
                mover.delete(mover.list(folder)); // no table ever read it
                continue;
            }
            result.previousLocation().ifPresent(location -> retire(table, location, crawlerStatus.tablePrefix()));
            progress.holds(layout.tableFolder(table)).filter(holds -> !holds.exportId().equals(current.exportId()))
                    .ifPresent(holds -> retire(table, layout.tableFolder(table) + holds.exportId() + "/",
                            crawlerStatus.tablePrefix()));
            progress.hold(layout.tableFolder(table), export);
            LOG.infof("export %s: %s.%s %s", current.exportId(), config.glueDatabase(), glueName,
                    result.outcome() == LakeTables.Outcome.ALREADY ? "showed it already" : "now reads s3://"
                            + config.exportBucket() + "/" + folder + " (" + result.outcome().name().toLowerCase() + ")");
        }
        if (!stale.isEmpty()) {
            LOG.warnf("export %s of a snapshot taken %s: %d tables were switched to newer snapshots while it was crawled,"
                    + " they keep them: %s", current.exportId(), current.snapshotTime(), stale.size(), stale);
            count("stale-tables");
        }
        if (!uncatalogued.isEmpty()) {
            LOG.errorf("export %s: %d tables keep what they showed, their export folder was not catalogued: %s",
                    current.exportId(), uncatalogued.size(), uncatalogued);
            count("uncatalogued-tables");
        }
        ExportProgress switched = current.without(stale, o -> stale.keySet().stream()
                .anyMatch(t -> o.target().startsWith(layout.tableFolder(t)))).failedAlso(uncatalogued);
        return progress.save(switched);
    }

    /**
     * A folder of {@code table} that no table reads any more is deleted after the grace period: an export folder
     * ({@code <table folder><export-id>/}), or the files directly in the table folder (the layout before export
     * folders). A location outside the table's folder is left alone.
     */
    private void retire(String table, String location, String tablePrefix) {
        String tableFolder = layout.tableFolder(table);
        String bucketPrefix = "s3://" + config.exportBucket() + "/";
        String folder = location.startsWith(bucketPrefix) ? location.substring(bucketPrefix.length()) : location;
        if (!folder.endsWith("/")) {
            folder = folder + "/";
        }
        if (location.startsWith("s3://") && !location.startsWith(bucketPrefix) || !folder.startsWith(tableFolder)) {
            LOG.warnf("%s read %s before, outside its lake folder s3://%s/%s: left alone", table, location,
                    config.exportBucket(), tableFolder);
            return;
        }
        progress.retire(new ProgressStore.Retired(folder, folder.equals(tableFolder), Instant.now(),
                LakeLayout.glueTableName(tablePrefix, table)));
    }

    /** Whether a table ({@code db.schema.table}) is one the exports cover ({@code export-only}, or everything). */
    private boolean inExportScope(String table) {
        return config.exportOnly().map(only -> only.stream().anyMatch(e -> table.equals(e) || table.startsWith(e + ".")))
                .orElse(true);
    }

    private void startCrawl(ExportProgress current) {
        // the crawl that finished last before ours: any crawl that finishes with a later start has seen this export
        Optional<Instant> previousCrawl = crawler.status().lastCrawl().map(LakeCrawler.LastCrawl::startTime);
        if (!crawler.start()) {
            count("crawler-busy");
            throw new RetryLaterException("crawler " + crawler.name() + " is already running; export "
                    + current.exportId() + " is in the lake and will be crawled", config.retry().crawlerRunning());
        }
        progress.markCrawling(crawler.name(), current.exportId(), previousCrawl);
        progress.save(current.at(Stage.CRAWLING));
        LOG.infof("export %s: crawler %s started", current.exportId(), crawler.name());
    }

    /** Whether an export task writes where this service starts its exports (another deployment may use the same id). */
    private boolean writesHere(ExportTask task) {
        String prefix = task.s3Prefix() == null ? "" : task.s3Prefix();
        String expected = config.exportPrefix().isEmpty() ? "" : config.exportPrefix().substring(0, config.exportPrefix().length() - 1);
        return config.exportBucket().equals(task.s3Bucket()) && expected.equals(prefix.endsWith("/")
                ? prefix.substring(0, prefix.length() - 1) : prefix);
    }

    private Optional<ExportTask> describe(String exportId) {
        try {
            return rds.describeExportTasks(b -> b.exportTaskIdentifier(exportId)).exportTasks().stream().findFirst();
        } catch (RdsException e) {
            if (e.awsErrorDetails() != null && "ExportTaskNotFound".equals(e.awsErrorDetails().errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- crawl finished

    /** A {@code Glue Crawler State Change} event: a finished crawl of the lake's crawler settles the exports it covers. */
    public void crawlerStateChanged(RdsEvent.CrawlerStateChanged event) {
        if (!event.crawlerName().equals(crawler.name())) {
            LOG.infof("crawler %s %s: not the lake's crawler (%s), acknowledged", event.crawlerName(), event.state(),
                    crawler.name());
            return;
        }
        if (!event.state().equals("Succeeded") && !event.state().equals("Failed")) {
            LOG.infof("crawler %s %s", event.crawlerName(), event.state());
            return;
        }
        int settled = settleCrawls("event " + event.state());
        if (settled == 0) {
            LOG.infof("crawler %s %s (%s), no export was waiting for that crawl", event.crawlerName(), event.state(),
                    event.message());
        }
    }

    /**
     * Settles every export waiting for a crawl that has finished: the crawler's last finished crawl (as
     * GetCrawler reports it) covers the exports whose crawl started no later than it. Called for the
     * crawler's state-change events and, as a fallback for a lost event, by {@link CrawlPoller}.
     *
     * @return how many exports were settled
     */
    public int settleCrawls(String trigger) {
        List<ProgressStore.CrawlWait> waiting = progress.waitingForCrawl(crawler.name());
        if (waiting.isEmpty()) {
            return 0;
        }
        LakeCrawler.Status status = crawler.status();
        if (status.lastCrawl().isEmpty()) {
            return 0;
        }
        LakeCrawler.LastCrawl last = status.lastCrawl().get();
        int settled = 0;
        for (ProgressStore.CrawlWait wait : waiting) {
            if (wait.coveredBy(last.startTime())) {
                MDC.put("exportId", wait.exportId());
                locked(wait.exportId(), () -> crawled(wait.exportId(), last, status, trigger));
                settled++;
            }
        }
        MDC.remove("exportId");
        return settled;
    }

    private void crawled(String exportId, LakeCrawler.LastCrawl crawl, LakeCrawler.Status crawlerStatus, String trigger) {
        ExportProgress current = progress.find(exportId).orElse(null);
        String tablePrefix = crawlerStatus.tablePrefix();
        if (current != null && current.stage() == Stage.CRAWLING && crawl.succeeded()
                && config.layout().mode() == LayoutMode.replace) {
            if (config.glueDatabase().equals(crawlerStatus.database())) {
                String reason = "crawler " + crawler.name() + " catalogues into the lake database " + config.glueDatabase()
                        + " itself; the replace layout needs it to crawl into a staging database (export-service switches"
                        + " the lake's tables; infra: snapshot-export's layout_mode)";
                publisher.publish(ExportFailed.of("ExportFailed:" + exportId, exportId, exportId, current.snapshotArn(),
                        "catalog", "MISCONFIGURED", reason, Instant.now()));
                progress.save(current.failed(reason));
                progress.crawlDone(crawler.name(), exportId);
                count("catalog-failed");
                LOG.errorf("export %s is in the lake but no table was switched to it: %s", exportId, reason);
                return;
            }
            ExportProgress crawled = current;
            current = timed("switch", () -> switchTables(crawled, crawlerStatus));
        }
        if (current != null && current.stage() == Stage.CRAWLING) {
            if (crawl.succeeded() && current.tables().isEmpty()) {
                progress.save(current.at(Stage.DONE));
                count("stale");
                LOG.infof("export %s: no table was switched to it (newer snapshots: %s; failed: %s)", exportId,
                        current.staleTables(), current.failedTables());
            } else if (crawl.succeeded()) {
                List<String> tables = current.tables().stream().map(t -> LakeLayout.glueTableName(tablePrefix, t)).toList();
                publisher.publish(CatalogRefreshed.ofExport("CatalogRefreshed:" + exportId, exportId, config.catalog(),
                        config.glueDatabase(), tables, crawler.name(), Instant.now(), exportId));
                progress.save(current.at(Stage.DONE));
                count("completed");
                LOG.infof("export %s is queryable: %s.%s (crawl of %s, seen by %s)", exportId, config.glueDatabase(), tables,
                        crawl.startTime(), trigger);
            } else {
                publisher.publish(ExportFailed.of("ExportFailed:" + exportId, exportId, exportId, current.snapshotArn(),
                        "crawl", crawl.status(), crawl.reason(), Instant.now()));
                progress.save(current.failed("crawl " + crawl.status() + ": " + crawl.reason()));
                if (config.layout().mode() == LayoutMode.replace) {
                    ExportProgress failed = current;
                    failed.tables().forEach(t -> retire(t, layout.exportFolder(t, failed.snapshotDate(), exportId),
                            tablePrefix));
                }
                count("crawl-failed");
                LOG.warnf("export %s is in the lake but its crawl ended %s (%s, seen by %s): ExportFailed announced",
                        exportId, crawl.status(), crawl.reason(), trigger);
            }
        }
        progress.crawlDone(crawler.name(), exportId);
    }

    /**
     * One event of an export at a time in this instance: the same event delivered twice at once (SQS does
     * that) must not start or move the same export twice. Across instances, the recorded progress and the
     * idempotent steps keep the outcome right; announcements may then repeat, with the same message id.
     */
    private void locked(String exportId, Runnable work) {
        ReentrantLock lock = locks[Math.floorMod(exportId.hashCode(), locks.length)];
        lock.lock();
        try {
            work.run();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- metrics

    private void count(String outcome) {
        metrics.counter("athena_lake_exports", "outcome", outcome).increment();
    }

    private <T> T timed(String step, Supplier<T> work) {
        return Timer.builder("athena_lake_export_step").tag("step", step).register(metrics).record(work);
    }
}
