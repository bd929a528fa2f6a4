package io.athenalake.export.progress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.athenalake.export.config.ExportServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Durable progress in S3, beside the data and outside the crawler's target:
 * {@code <export-prefix>_progress/<export-id>.json} per export, and an empty marker
 * {@code <export-prefix>_progress/crawls/<crawler>/<export-id>} per export waiting for its crawl, holding
 * the start time of the crawler's last finished crawl before this export's crawl was started: any crawl
 * that finishes with a later start time has seen the export's objects; and
 * {@code <export-prefix>_progress/holds/<lake folder>holds.json}, the snapshot each lake folder holds; and
 * {@code <export-prefix>_progress/retired/<lake folder>retired.json}, a lake folder no table reads any more, deleted
 * once the queries that may still read it have ended.
 */
@ApplicationScoped
public class ProgressStore {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final S3Client s3;
    private final String bucket;
    private final String root;

    ProgressStore(S3Client s3, ExportServiceConfig config) {
        this.s3 = s3;
        this.bucket = config.exportBucket();
        this.root = config.exportPrefix() + "_progress/";
    }

    public Optional<ExportProgress> find(String exportId) {
        return read(key(exportId), ExportProgress.class, "progress of " + exportId);
    }

    public ExportProgress save(ExportProgress progress) {
        write(key(progress.exportId()), progress);
        return progress;
    }

    private <T> Optional<T> read(String key, Class<T> type, String what) {
        try {
            byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
            return Optional.of(JSON.readValue(bytes, type));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + what, e);
        }
    }

    private void write(String key, Object value) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(value);
            s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records that an export waits for a crawl started after the crawl that started at {@code previousCrawlStart}. */
    public void markCrawling(String crawler, String exportId, Optional<Instant> previousCrawlStart) {
        String body = previousCrawlStart.map(Instant::toString).orElse("");
        s3.putObject(b -> b.bucket(bucket).key(crawlMarker(crawler, exportId)).contentType("text/plain"),
                RequestBody.fromString(body, StandardCharsets.UTF_8));
    }

    /** The exports waiting for a crawl of this crawler. */
    public List<CrawlWait> waitingForCrawl(String crawler) {
        String prefix = root + "crawls/" + crawler + "/";
        List<CrawlWait> waiting = new ArrayList<>();
        for (S3Object marker : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            String body;
            try {
                body = s3.getObjectAsBytes(b -> b.bucket(bucket).key(marker.key())).asUtf8String().trim();
            } catch (NoSuchKeyException e) {
                continue; // settled meanwhile
            }
            waiting.add(new CrawlWait(marker.key().substring(prefix.length()),
                    body.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(body))));
        }
        return waiting;
    }

    /**
     * An export waiting for its crawl.
     *
     * @param previousCrawlStart the start of the crawler's last finished crawl when this export's crawl was started
     */
    public record CrawlWait(String exportId, Optional<Instant> previousCrawlStart) {

        /** Whether a finished crawl that started at {@code crawlStart} was this export's crawl or a later one. */
        public boolean coveredBy(Instant crawlStart) {
            return previousCrawlStart.map(crawlStart::isAfter).orElse(true);
        }
    }

    /**
     * What a lake folder holds (replace: a table's folder; snapshots: a table's partition): the export whose
     * objects are in it and the snapshot they are of. Written when an export's objects replace the folder's (replace
     * layout: when its table is switched to the export, whose parameters record the same four values).
     */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record FolderHolds(String exportId, String snapshotArn, Instant snapshotTime, String source) {

        /** Whether this is a later snapshot than one taken at {@code snapshotTime} (unknown times are never later). */
        public boolean newerThan(String otherExportId, Instant snapshotTime) {
            return !exportId.equals(otherExportId) && this.snapshotTime != null && snapshotTime != null
                    && this.snapshotTime.isAfter(snapshotTime);
        }
    }

    public Optional<FolderHolds> holds(String lakeFolder) {
        return read(holdsKey(lakeFolder), FolderHolds.class, "record of what " + lakeFolder + " holds");
    }

    public void hold(String lakeFolder, FolderHolds holds) {
        write(holdsKey(lakeFolder), holds);
    }

    /** Every lake folder under {@code lakePrefix} with a record of what it holds, and that record. */
    public java.util.Map<String, FolderHolds> heldFolders(String lakePrefix) {
        String prefix = root + "holds/" + lakePrefix;
        java.util.Map<String, FolderHolds> held = new java.util.TreeMap<>();
        for (S3Object record : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            if (!record.key().endsWith("/holds.json")) {
                continue;
            }
            String folder = record.key().substring((root + "holds/").length(), record.key().length() - "holds.json".length());
            holds(folder).ifPresent(holds -> held.put(folder, holds));
        }
        return held;
    }

    /** The folder holds nothing any more (its table was removed from the lake). */
    public void release(String lakeFolder) {
        s3.deleteObject(b -> b.bucket(bucket).key(holdsKey(lakeFolder)));
    }

    private String holdsKey(String lakeFolder) {
        return root + "holds/" + lakeFolder + "holds.json";
    }

    /**
     * A lake folder no table reads any more: its objects ({@code directOnly}: only those directly in it, not in its
     * sub-folders) may be deleted from {@code at} + the grace period on, unless the Glue {@code table} reads it again
     * by then.
     */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Retired(String folder, boolean directOnly, Instant at, String table) {
    }

    /** Records a retired folder (repeating it keeps the first time). */
    public void retire(Retired retired) {
        if (read(retiredKey(retired.folder()), Retired.class, "retired folder " + retired.folder()).isEmpty()) {
            write(retiredKey(retired.folder()), retired);
        }
    }

    /** Every retired folder not deleted yet. */
    public List<Retired> retired() {
        List<Retired> all = new ArrayList<>();
        for (S3Object record : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(root + "retired/")).contents()) {
            if (record.key().endsWith("/retired.json")) {
                read(record.key(), Retired.class, "retired folder record " + record.key()).ifPresent(all::add);
            }
        }
        return all;
    }

    /** The retired folder's objects are deleted. */
    public void deleted(Retired retired) {
        s3.deleteObject(b -> b.bucket(bucket).key(retiredKey(retired.folder())));
    }

    private String retiredKey(String lakeFolder) {
        return root + "retired/" + lakeFolder + "retired.json";
    }

    public void crawlDone(String crawler, String exportId) {
        s3.deleteObject(b -> b.bucket(bucket).key(crawlMarker(crawler, exportId)));
    }

    public String key(String exportId) {
        return root + exportId + ".json";
    }

    private String crawlMarker(String crawler, String exportId) {
        return root + "crawls/" + crawler + "/" + exportId;
    }
}
