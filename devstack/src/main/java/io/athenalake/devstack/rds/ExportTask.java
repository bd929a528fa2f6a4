package io.athenalake.devstack.rds;

import java.time.Instant;
import java.util.List;

/** One snapshot export task; mutable state guarded by {@code this}. */
final class ExportTask {

    final String identifier;
    final Snapshot snapshot;
    final String bucket;
    final String prefix;
    final String iamRoleArn;
    final String kmsKeyId;
    final List<String> exportOnly;
    final Instant started = Instant.now();

    private String status = "STARTING";
    private int percentProgress;
    private Instant ended;
    private String failureCause;
    private boolean cancelRequested;
    private long bytesWritten;
    private java.util.Set<String> failingTables = java.util.Set.of();

    ExportTask(String identifier, Snapshot snapshot, String bucket, String prefix, String iamRoleArn, String kmsKeyId,
               List<String> exportOnly) {
        this.identifier = identifier;
        this.snapshot = snapshot;
        this.bucket = bucket;
        this.prefix = prefix;
        this.iamRoleArn = iamRoleArn;
        this.kmsKeyId = kmsKeyId;
        this.exportOnly = List.copyOf(exportOnly);
    }

    /** Tables ({@code db.schema.table}) this export lists with status FAILED (their files are still written). */
    synchronized void failTables(java.util.Set<String> tables) {
        failingTables = java.util.Set.copyOf(tables);
    }

    synchronized boolean tableFails(String target) {
        return failingTables.contains(target);
    }

    synchronized String status() {
        return status;
    }

    synchronized boolean isRunning() {
        return "STARTING".equals(status) || "IN_PROGRESS".equals(status) || "CANCELING".equals(status);
    }

    synchronized boolean begin() {
        if (cancelRequested) {
            return false;
        }
        status = "IN_PROGRESS";
        return true;
    }

    synchronized void progress(int percent, long bytes) {
        percentProgress = percent;
        bytesWritten = bytes;
    }

    synchronized void complete() {
        status = "COMPLETE";
        percentProgress = 100;
        ended = Instant.now();
    }

    synchronized void fail(String cause) {
        status = "FAILED";
        failureCause = cause;
        ended = Instant.now();
    }

    synchronized void canceled() {
        status = "CANCELED";
        ended = Instant.now();
    }

    /** Asks the task to stop; false when it has already ended. */
    synchronized boolean requestCancel() {
        if (!isRunning()) {
            return false;
        }
        cancelRequested = true;
        status = "CANCELING";
        return true;
    }

    synchronized boolean cancelRequested() {
        return cancelRequested;
    }

    synchronized int percentProgress() {
        return percentProgress;
    }

    synchronized Instant ended() {
        return ended;
    }

    synchronized String failureCause() {
        return failureCause;
    }

    synchronized long bytesWritten() {
        return bytesWritten;
    }

    /** Where RDS writes this export: {@code s3://bucket/prefix/<export-id>/}. */
    String root() {
        String folder = prefix == null || prefix.isEmpty() ? "" : (prefix.endsWith("/") ? prefix : prefix + "/");
        return folder + identifier + "/";
    }
}
