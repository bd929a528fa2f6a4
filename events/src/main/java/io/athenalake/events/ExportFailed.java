package io.athenalake.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * An export did not reach the lake; sent to {@code lake-events}.
 *
 * @param exportId    the RDS export task identifier
 * @param snapshotArn the snapshot, when known
 * @param stage       where it failed: {@code export} (RDS failed or cancelled it; nothing was moved),
 *                    {@code move} or {@code crawl}
 * @param status      RDS's task status ({@code FAILED}, {@code CANCELED}) or the crawl's state
 * @param reason      the cause as RDS, S3 or Glue worded it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExportFailed(
        String type,
        int schemaVersion,
        String id,
        String correlationId,
        String exportId,
        String snapshotArn,
        String stage,
        String status,
        String reason,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Instant failedAt) implements Message {

    public static final String TYPE = "ExportFailed";
    public static final int SCHEMA_VERSION = 1;

    public static ExportFailed of(String id, String correlationId, String exportId, String snapshotArn, String stage,
                                  String status, String reason, Instant failedAt) {
        return new ExportFailed(TYPE, SCHEMA_VERSION, id, correlationId == null ? id : correlationId, exportId,
                snapshotArn, stage, status, reason, failedAt);
    }
}
