package io.athenalake.export.messaging;

import io.athenalake.export.export.RdsEvent;
import io.athenalake.sqs.MalformedMessageException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RdsEventParserTest {

    private static String rds(String detailType, String eventId, String arn) {
        return """
                {"version":"0","id":"e-1","detail-type":"%s","source":"aws.rds","account":"000000000000",
                 "time":"2026-11-21T06:00:00Z","region":"us-east-1","resources":["%s"],
                 "detail":{"EventCategories":["creation"],"SourceType":"SNAPSHOT","SourceArn":"%s","Message":"m",
                 "SourceIdentifier":"x","EventID":"%s"}}""".formatted(detailType, arn, arn, eventId);
    }

    @Test
    void snapshotCreatedForDbAndCluster() {
        String db = "arn:aws:rds:us-east-1:000000000000:snapshot:rds:app-db-1";
        String cluster = "arn:aws:rds:us-east-1:000000000000:cluster-snapshot:rds:app-cluster-1";
        for (String id : new String[] {"RDS-EVENT-0091", "RDS-EVENT-0042"}) {
            assertThat(RdsEventParser.parse(rds("RDS DB Snapshot Event", id, db)))
                    .isEqualTo(new RdsEvent.SnapshotCreated("e-1", id, db, false));
        }
        for (String id : new String[] {"RDS-EVENT-0169", "RDS-EVENT-0075"}) {
            assertThat(RdsEventParser.parse(rds("RDS DB Cluster Snapshot Event", id, cluster)))
                    .isEqualTo(new RdsEvent.SnapshotCreated("e-1", id, cluster, true));
        }
    }

    @Test
    void exportEndings() {
        String db = "arn:aws:rds:us-east-1:000000000000:snapshot:s";
        assertThat(((RdsEvent.ExportEnded) RdsEventParser.parse(rds("RDS DB Snapshot Event", "RDS-EVENT-0161", db))).outcome())
                .isEqualTo(RdsEvent.ExportEnded.Outcome.COMPLETED);
        assertThat(((RdsEvent.ExportEnded) RdsEventParser.parse(rds("RDS DB Snapshot Event", "RDS-EVENT-0159", db))).outcome())
                .isEqualTo(RdsEvent.ExportEnded.Outcome.FAILED);
        assertThat(((RdsEvent.ExportEnded) RdsEventParser.parse(rds("RDS DB Cluster Snapshot Event", "RDS-EVENT-0163", db))).outcome())
                .isEqualTo(RdsEvent.ExportEnded.Outcome.CANCELED);
    }

    @Test
    void crawlerStateChange() {
        RdsEvent event = RdsEventParser.parse("""
                {"version":"0","id":"g","detail-type":"Glue Crawler State Change","source":"aws.glue",
                 "detail":{"crawlerName":"lake","state":"Succeeded","tablesCreated":"2","message":"done"}}""");
        assertThat(event).isInstanceOfSatisfying(RdsEvent.CrawlerStateChanged.class, c -> {
            assertThat(c.crawlerName()).isEqualTo("lake");
            assertThat(c.state()).isEqualTo("Succeeded");
            assertThat(c.counts()).containsEntry("tablesCreated", "2");
        });
    }

    @Test
    void otherEventsAreIgnoredNotMalformed() {
        assertThat(RdsEventParser.parse(rds("RDS DB Snapshot Event", "RDS-EVENT-0001", "arn:aws:rds:x:snapshot:s")))
                .isInstanceOf(RdsEvent.Ignored.class);
        assertThat(RdsEventParser.parse("{\"detail-type\":\"EC2 Instance State-change Notification\",\"detail\":{}}"))
                .isInstanceOf(RdsEvent.Ignored.class);
    }

    @Test
    void malformedBodiesSayWhy() {
        assertThatThrownBy(() -> RdsEventParser.parse("not json")).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> RdsEventParser.parse("[1]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> RdsEventParser.parse("{\"detail-type\":\"RDS DB Snapshot Event\"}"))
                .hasMessageContaining("no detail object");
        assertThatThrownBy(() -> RdsEventParser.parse("{\"detail\":{}}")).hasMessageContaining("no detail-type");
        assertThatThrownBy(() -> RdsEventParser.parse("{\"detail-type\":\"RDS DB Snapshot Event\",\"detail\":{}}"))
                .hasMessageContaining("EventID");
        assertThatThrownBy(() -> RdsEventParser.parse(
                "{\"detail-type\":\"RDS DB Snapshot Event\",\"detail\":{\"EventID\":\"RDS-EVENT-0091\"}}"))
                .hasMessageContaining("snapshot ARN");
    }

    @Test
    void backOffDoublesWithReceivesUpToTheCap() {
        Duration base = Duration.ofMinutes(5);
        assertThat(RdsEventsConsumer.backOff(base, 1, Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(5));
        assertThat(RdsEventsConsumer.backOff(base, 3, Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(20));
        assertThat(RdsEventsConsumer.backOff(base, 30, Duration.ofHours(1))).isEqualTo(Duration.ofHours(1));
        assertThat(RdsEventsConsumer.backOff(base, 30, Duration.ofDays(2))).isEqualTo(Duration.ofHours(12));
        assertThat(RdsEventsConsumer.backOff(Duration.ZERO, 5, Duration.ofHours(1))).isEqualTo(Duration.ZERO);
    }
}
