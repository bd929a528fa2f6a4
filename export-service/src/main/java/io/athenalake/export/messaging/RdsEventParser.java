package io.athenalake.export.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.athenalake.export.export.RdsEvent;
import io.athenalake.sqs.Envelopes;
import io.athenalake.sqs.MalformedMessageException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the EventBridge envelope as AWS delivers it through an SQS target (the body a JSON object through the SQS
 * edge's {@link Envelopes}); what cannot be read throws {@link MalformedMessageException} with the reason.
 */
public final class RdsEventParser {

    private static final Set<String> DB_SNAPSHOT_CREATED = Set.of("RDS-EVENT-0091", "RDS-EVENT-0042");
    private static final Set<String> CLUSTER_SNAPSHOT_CREATED = Set.of("RDS-EVENT-0169", "RDS-EVENT-0075");
    private static final Map<String, RdsEvent.ExportEnded.Outcome> EXPORT_ENDED = Map.of(
            "RDS-EVENT-0161", RdsEvent.ExportEnded.Outcome.COMPLETED, "RDS-EVENT-0164", RdsEvent.ExportEnded.Outcome.COMPLETED,
            "RDS-EVENT-0159", RdsEvent.ExportEnded.Outcome.FAILED, "RDS-EVENT-0162", RdsEvent.ExportEnded.Outcome.FAILED,
            "RDS-EVENT-0160", RdsEvent.ExportEnded.Outcome.CANCELED, "RDS-EVENT-0163", RdsEvent.ExportEnded.Outcome.CANCELED);

    private RdsEventParser() {
    }

    public static RdsEvent parse(String body) {
        JsonNode envelope = Envelopes.object(body);
        String detailType = Envelopes.text(envelope, "detail-type");
        if (detailType == null) {
            throw new MalformedMessageException("envelope has no detail-type");
        }
        JsonNode detail = envelope.get("detail");
        if (detail == null || !detail.isObject()) {
            throw new MalformedMessageException("envelope of '" + detailType + "' has no detail object");
        }
        String id = envelope.path("id").asText("?");
        return switch (detailType) {
            case "RDS DB Snapshot Event", "RDS DB Cluster Snapshot Event" -> rds(id, detailType, detail, envelope);
            case "Glue Crawler State Change" -> crawler(id, detail);
            default -> new RdsEvent.Ignored(id, "detail-type '" + detailType + "'");
        };
    }

    private static RdsEvent rds(String id, String detailType, JsonNode detail, JsonNode envelope) {
        String rdsEventId = Envelopes.text(detail, "EventID");
        if (rdsEventId == null) {
            throw new MalformedMessageException(detailType + " without detail.EventID");
        }
        boolean known = DB_SNAPSHOT_CREATED.contains(rdsEventId) || CLUSTER_SNAPSHOT_CREATED.contains(rdsEventId)
                || EXPORT_ENDED.containsKey(rdsEventId);
        if (!known) {
            return new RdsEvent.Ignored(id, detailType + " " + rdsEventId);
        }
        String snapshotArn = Envelopes.text(detail, "SourceArn");
        if (snapshotArn == null && envelope.path("resources").isArray() && envelope.path("resources").size() > 0) {
            snapshotArn = envelope.path("resources").get(0).asText(null);
        }
        if (snapshotArn == null || !snapshotArn.startsWith("arn:") || !snapshotArn.contains("snapshot:")) {
            throw new MalformedMessageException(rdsEventId + " without a snapshot ARN in detail.SourceArn or resources");
        }
        if (EXPORT_ENDED.containsKey(rdsEventId)) {
            return new RdsEvent.ExportEnded(id, rdsEventId, snapshotArn, EXPORT_ENDED.get(rdsEventId),
                    Envelopes.text(detail, "Message"));
        }
        return new RdsEvent.SnapshotCreated(id, rdsEventId, snapshotArn, CLUSTER_SNAPSHOT_CREATED.contains(rdsEventId));
    }

    private static RdsEvent crawler(String id, JsonNode detail) {
        String name = Envelopes.text(detail, "crawlerName");
        String state = Envelopes.text(detail, "state");
        if (name == null || state == null) {
            throw new MalformedMessageException("Glue Crawler State Change without detail.crawlerName or detail.state");
        }
        Map<String, String> counts = new LinkedHashMap<>();
        detail.fields().forEachRemaining(field -> {
            if (field.getKey().startsWith("tables") || field.getKey().startsWith("partitions")) {
                counts.put(field.getKey(), field.getValue().asText());
            }
        });
        return new RdsEvent.CrawlerStateChanged(id, name, state, Envelopes.text(detail, "message"), counts);
    }
}
