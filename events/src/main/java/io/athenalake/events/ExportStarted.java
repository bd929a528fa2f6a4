package io.athenalake.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * export-service started an RDS snapshot export; sent to {@code lake-events}. Its {@code id} is
 * derived from the export, so a repeated announcement of the same export carries the same id.
 *
 * @param exportId         the RDS export task identifier (derived from the snapshot, so one per snapshot)
 * @param snapshotArn      the exported DB or cluster snapshot
 * @param sourceIdentifier the DB instance or cluster the snapshot is of
 * @param exportLocation   where RDS writes the export ({@code s3://bucket/prefix/<exportId>/})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExportStarted(
        String type,
        int schemaVersion,
        String id,
        String correlationId,
        String exportId,
        String snapshotArn,
        String sourceIdentifier,
        String exportLocation,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Instant startedAt) implements Message {

    public static final String TYPE = "ExportStarted";
    public static final int SCHEMA_VERSION = 1;

    public static ExportStarted of(String id, String correlationId, String exportId, String snapshotArn,
                                   String sourceIdentifier, String exportLocation, Instant startedAt) {
        return new ExportStarted(TYPE, SCHEMA_VERSION, id, correlationId == null ? id : correlationId, exportId,
                snapshotArn, sourceIdentifier, exportLocation, startedAt);
    }
}
