package io.athenalake.export.export;

import io.athenalake.export.config.ExportServiceConfig;
import io.athenalake.export.crawler.LakeTables;
import io.athenalake.export.lake.LakeMover;
import io.athenalake.export.progress.ProgressStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Deletes the lake folders no table reads any more (the previous export of a switched table, the exports of a table
 * dropped at the source) once {@code athena-lake.layout.retire-after} has passed since: a query that started before
 * the switch reads the files its table listed then, and fails if they are deleted under it. Runs every
 * {@code athena-lake.crawl-poll-interval} in every instance; deleting twice is harmless. A folder that its table
 * reads again by then (two switches interleaved across instances) is kept.
 */
@ApplicationScoped
public class RetiredFolders {

    private static final Logger LOG = Logger.getLogger(RetiredFolders.class);

    private final ProgressStore progress;
    private final LakeMover mover;
    private final LakeTables tables;
    private final Duration retireAfter;
    private final String bucket;

    RetiredFolders(ProgressStore progress, LakeMover mover, LakeTables tables, ExportServiceConfig config) {
        this.progress = progress;
        this.mover = mover;
        this.tables = tables;
        this.retireAfter = config.layout().retireAfter();
        this.bucket = config.exportBucket();
    }

    @Scheduled(identity = "retired-folders", every = "${athena-lake.crawl-poll-interval}",
            delayed = "${athena-lake.crawl-poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            deleteDue(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("deleting retired lake folders failed, tried again at the next interval: %s", e.toString());
        }
    }

    /** Deletes every retired folder whose grace period has ended by {@code now}; returns how many. */
    public int deleteDue(Instant now) {
        int deleted = 0;
        for (ProgressStore.Retired retired : progress.retired()) {
            if (retired.at().plus(retireAfter).isAfter(now)) {
                continue;
            }
            String location = "s3://" + bucket + "/" + retired.folder();
            if (retired.table() != null && tables.location(retired.table()).filter(location::equals).isPresent()) {
                // two switches of a table can interleave across instances: never delete what a table reads
                LOG.warnf("retired lake folder %s is what %s reads now: kept", retired.folder(), retired.table());
                progress.deleted(retired);
                continue;
            }
            List<String> keys = mover.list(retired.folder()).stream()
                    .filter(k -> !retired.directOnly() || k.indexOf('/', retired.folder().length()) < 0).toList();
            mover.delete(keys);
            progress.deleted(retired);
            deleted++;
            LOG.infof("retired lake folder %s%s: %d objects deleted (retired %s)", retired.folder(),
                    retired.directOnly() ? " (its own files)" : "", keys.size(), retired.at());
        }
        return deleted;
    }
}
