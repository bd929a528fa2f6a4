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
import java.util.regex.Pattern;

/**
 * What an export says about itself: {@code export_info_<id>.json} (the task, its snapshot time and
 * tables) and {@code export_tables_info_<id>_from_1_to_<n>.json} (per table: status, rows).
 *
 * @param root      the export's folder ({@code <prefix><id>/})
 * @param tables    the completed tables as {@code db.schema.table}
 * @param snapshotTime when the snapshot was taken (the {@code snapshot_date=} of the snapshots layout)
 */
public record ExportManifest(String exportId, String root, List<String> tables, Instant snapshotTime) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ExportManifest read(S3Client s3, String bucket, String root, String exportId) {
        JsonNode info = json(s3, bucket, root + "export_info_" + exportId + ".json");
        Pattern tablesInfoName = Pattern.compile(Pattern.quote(root + "export_tables_info_" + exportId + "_from_") + "\\d+_to_\\d+\\.json");
        List<String> completed = new ArrayList<>();
        List<String> notCompleted = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(root + "export_tables_info_"))
                .contents()) {
            if (!tablesInfoName.matcher(object.key()).matches()) {
                continue;
            }
            for (JsonNode table : json(s3, bucket, object.key()).path("perTableStatus")) {
                String target = table.path("target").asText();
                (table.path("status").asText().equals("COMPLETE") ? completed : notCompleted).add(target);
            }
        }
        if (completed.isEmpty()) {
            info.path("tables").forEach(t -> completed.add(t.asText()));
        }
        if (!notCompleted.isEmpty()) {
            throw new IllegalStateException("export " + exportId + " lists tables that did not complete: " + notCompleted);
        }
        String snapshotTime = info.path("snapshotTime").asText(null);
        return new ExportManifest(exportId, root, List.copyOf(completed),
                snapshotTime == null ? Instant.now() : Instant.parse(snapshotTime));
    }

    private static JsonNode json(S3Client s3, String bucket, String key) {
        try {
            return JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable manifest s3://" + bucket + "/" + key, e);
        }
    }
}
