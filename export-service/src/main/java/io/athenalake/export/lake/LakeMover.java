package io.athenalake.export.lake;

import io.athenalake.export.config.ExportServiceConfig;
import io.athenalake.export.progress.ExportProgress.PlannedObject;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Moves an export into the lake with server-side copies: plan, copy in parallel (bounded), verify,
 * and only then delete. Every step is idempotent, so a restart repeats at most the step it was in.
 */
@ApplicationScoped
public class LakeMover {

    private static final Logger LOG = Logger.getLogger(LakeMover.class);
    private static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private final String bucket;
    private final ExportServiceConfig.Move settings;
    private final ExecutorService copies;
    private final Counter objectsMoved;
    private final Counter bytesMoved;

    LakeMover(S3Client s3, ExportServiceConfig config, MeterRegistry metrics) {
        this.s3 = s3;
        this.bucket = config.exportBucket();
        this.settings = config.move();
        AtomicInteger threads = new AtomicInteger();
        this.copies = Executors.newFixedThreadPool(settings.concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "lake-copy-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.objectsMoved = Counter.builder("athena_lake_export_objects_moved").description("objects copied into the lake")
                .register(metrics);
        this.bytesMoved = Counter.builder("athena_lake_export_bytes_moved").description("bytes copied into the lake")
                .baseUnit("bytes").register(metrics);
    }

    @PreDestroy
    void stop() {
        copies.shutdownNow();
    }

    /** Every object of the export's tables and where it goes; the manifests and anything else stay behind. */
    public List<PlannedObject> plan(ExportManifest manifest, LakeLayout layout, String snapshotDate) {
        return plan(manifest, manifest.tables(), layout, snapshotDate);
    }

    /** Every object of these tables of the export and where it goes. */
    public List<PlannedObject> plan(ExportManifest manifest, List<String> tables, LakeLayout layout, String snapshotDate) {
        List<PlannedObject> plan = new ArrayList<>();
        for (String target : tables) {
            String[] parts = target.split("\\.", 2);
            String folder = manifest.root() + parts[0] + "/" + parts[1] + "/";
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(folder)).contents()) {
                if (object.key().endsWith("/")) {
                    continue;
                }
                String relative = object.key().substring(folder.length());
                plan.add(new PlannedObject(object.key(), layout.target(target, snapshotDate, manifest.exportId(), relative), object.size(),
                        object.eTag()));
            }
        }
        return plan;
    }

    /** Copies every planned object whose target is not already there with the same size and ETag. */
    public void copy(List<PlannedObject> plan) {
        runAll(plan.stream().map(object -> (Runnable) () -> {
            if (verified(object).isEmpty()) {
                return;
            }
            if (object.size() > settings.multipartThresholdBytes()) {
                multipartCopy(object);
            } else {
                s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(object.source())
                        .destinationBucket(bucket).destinationKey(object.target()));
            }
            objectsMoved.increment();
            bytesMoved.increment(object.size());
        }).toList());
    }

    /** The objects whose target is missing or differs (empty: every object arrived). */
    public List<String> verify(List<PlannedObject> plan) {
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        Set<String> targets = new HashSet<>();
        plan.forEach(object -> targets.add(object.target()));
        if (targets.size() != plan.size()) {
            problems.add("the plan maps " + plan.size() + " objects onto " + targets.size() + " keys");
        }
        runAll(plan.stream().map(object -> (Runnable) () -> verified(object).ifPresent(problems::add)).toList());
        return problems;
    }

    /** Deletes the keys in batches of 1,000 (DeleteObjects); missing keys are fine. */
    public void delete(Collection<String> keys) {
        List<String> all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = all.subList(from, Math.min(all.size(), from + DELETE_BATCH)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            var response = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
            if (response.hasErrors() && !response.errors().isEmpty()) {
                throw new IllegalStateException("could not delete " + response.errors().size() + " objects, e.g. "
                        + response.errors().get(0).key() + ": " + response.errors().get(0).message());
            }
        }
    }

    /** Every key under the prefix. */
    public List<String> list(String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }

    /** The {@code snapshot_date=} partitions under a table folder, oldest first. */
    public List<String> partitions(String tableFolder) {
        Set<String> partitions = new TreeSet<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(tableFolder).delimiter("/")).commonPrefixes()
                .forEach(p -> {
                    if (p.prefix().substring(tableFolder.length()).startsWith("snapshot_date=")) {
                        partitions.add(p.prefix());
                    }
                });
        return List.copyOf(partitions);
    }

    /** Empty when the target holds the object (size, and ETag where S3 keeps content MD5s); otherwise why not. */
    private Optional<String> verified(PlannedObject object) {
        HeadObjectResponse head;
        try {
            head = s3.headObject(b -> b.bucket(bucket).key(object.target()));
        } catch (NoSuchKeyException e) {
            return Optional.of(object.target() + " is missing");
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.of(object.target() + " is missing");
            }
            throw e;
        }
        if (head.contentLength() != object.size()) {
            return Optional.of(object.target() + " has " + head.contentLength() + " bytes, expected " + object.size());
        }
        // A single-part copy keeps the content MD5 as ETag, unless SSE-KMS (ETags are then not MD5s) or a
        // multipart copy (ETag "<md5 of md5s>-<parts>") made it differ: sizes are what can be compared then.
        boolean comparable = object.etag() != null && !object.etag().contains("-") && !head.eTag().contains("-")
                && head.serverSideEncryption() != ServerSideEncryption.AWS_KMS
                && head.serverSideEncryption() != ServerSideEncryption.AWS_KMS_DSSE;
        if (comparable && !strip(head.eTag()).equals(strip(object.etag()))) {
            return Optional.of(object.target() + " has ETag " + head.eTag() + ", expected " + object.etag());
        }
        return Optional.empty();
    }

    private void multipartCopy(PlannedObject object) {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(object.target())).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long partSize = settings.partSizeBytes();
            int number = 1;
            for (long offset = 0; offset < object.size(); offset += partSize, number++) {
                long last = Math.min(object.size(), offset + partSize) - 1;
                String range = "bytes=" + offset + "-" + last;
                int partNumber = number;
                String etag = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey(object.source())
                        .destinationBucket(bucket).destinationKey(object.target()).uploadId(uploadId)
                        .partNumber(partNumber).copySourceRange(range)).copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(object.target()).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(object.target()).uploadId(uploadId));
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    private void runAll(List<Runnable> tasks) {
        List<Future<?>> futures = new ArrayList<>();
        tasks.forEach(task -> futures.add(copies.submit(task)));
        RuntimeException failure = null;
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> f.cancel(true));
                throw new IllegalStateException("interrupted while moving", e);
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                } else {
                    failure.addSuppressed(e.getCause());
                }
            }
        }
        if (failure != null) {
            LOG.warnf("a parallel S3 step failed: %s", failure.toString());
            throw failure;
        }
    }

    private static String strip(String etag) {
        return etag.replace("\"", "");
    }
}
