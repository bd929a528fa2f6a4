package io.athenalake.export.export;

import java.util.Map;

/** What an event on {@code rds-events} means to export-service: the workflow's input, read from the EventBridge envelope by {@code messaging.RdsEventParser}. */
public sealed interface RdsEvent {

    /** The EventBridge envelope's own id, for logs. */
    String eventId();

    /** A DB snapshot (0091 automated, 0042 manual) or cluster snapshot (0169, 0075) was created. */
    record SnapshotCreated(String eventId, String rdsEventId, String snapshotArn, boolean cluster) implements RdsEvent {
    }

    /** An export of a snapshot ended: 0161/0164 completed, 0159/0162 failed, 0160/0163 cancelled. */
    record ExportEnded(String eventId, String rdsEventId, String snapshotArn, Outcome outcome, String message)
            implements RdsEvent {

        public enum Outcome {
            COMPLETED, FAILED, CANCELED
        }
    }

    /** Glue Crawler State Change: {@code Started}, {@code Succeeded}, {@code Failed}. */
    record CrawlerStateChanged(String eventId, String crawlerName, String state, String message,
                               Map<String, String> counts) implements RdsEvent {
    }

    /** A well-formed event export-service does not act on (acknowledged and logged). */
    record Ignored(String eventId, String what) implements RdsEvent {
    }
}
