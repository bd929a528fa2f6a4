package io.athenalake.export.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What an export says about itself: {@code export_info_<id>.json} (the task, its snapshot time and
 * tables) and {@code export_tables_info_<id>_from_1_to_<n>.json} (per table: status, rows).
 *
 * @param root      the export's folder ({@code <prefix><id>/})
 * @param tables    the completed tables as {@code db.schema.table}
 * @param failedTables the tables listed with another status, each with that status and RDS's message when it gives one
 * @param snapshotTime when the snapshot was taken (the {@code snapshot_date=} of the snapshots layout)
 */
public record ExportManifest(String exportId, String root, List<String> tables, Map<String, String> failedTables,
                             Instant snapshotTime) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ExportManifest read(S3Client s3, String bucket, String root, String exportId) {
        JsonNode info = json(s3, bucket, root + "export_info_" + exportId + ".json");
        Pattern tablesInfoName = Pattern.compile(Pattern.quote(root + "export_tables_info_" + exportId + "_from_") + "\\d+_to_\\d+\\.json");
        List<String> completed = new ArrayList<>();
        Map<String, String> notCompleted = new TreeMap<>();
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(root + "export_tables_info_"))
                .contents()) {
            if (!tablesInfoName.matcher(object.key()).matches()) {
                continue;
            }
            for (JsonNode table : json(s3, bucket, object.key()).path("perTableStatus")) {
                String target = table.path("target").asText();
                if (table.path("status").asText().equals("COMPLETE")) {
                    completed.add(target);
                } else {
                    notCompleted.put(target, reason(table));
                }
            }
        }
        if (completed.isEmpty() && notCompleted.isEmpty()) {
            info.path("tables").forEach(t -> completed.add(t.asText()));
        }
        String snapshotTime = info.path("snapshotTime").asText(null);
        return new ExportManifest(exportId, root, List.copyOf(completed), Map.copyOf(notCompleted),
                snapshotTime == null ? Instant.now() : Instant.parse(snapshotTime));
    }

    /** What RDS says about a table that did not complete: its status and message, when it gives them. */
    private static String reason(JsonNode table) {
        String status = table.path("status").asText("");
        for (String field : List.of("failureCause", "failureReason", "warningMessage", "message")) {
            if (table.path(field).isTextual() && !table.path(field).asText().isBlank()) {
                return (status.isEmpty() ? "" : status + ": ") + table.path(field).asText();
            }
        }
        return status.isEmpty() ? "no status" : status;
    }

    private static JsonNode json(S3Client s3, String bucket, String key) {
        try {
            return JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable manifest s3://" + bucket + "/" + key, e);
        }
    }
}
