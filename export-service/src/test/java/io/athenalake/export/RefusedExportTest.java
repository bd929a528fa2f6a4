package io.athenalake.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.export.export.ExportIds;
import io.athenalake.export.support.Scenario;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.athenalake.export.support.TestAws.RDS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A StartExportTask that RDS refuses for a reason repeating cannot fix — here the export role (IamRoleNotFound);
 * a KMS key or a bucket RDS cannot use take the same path — is announced as ExportFailed (stage export, status
 * REJECTED, RDS's code and message) once, and the event is acknowledged: not retried, not dead-lettered.
 */
@QuarkusTest
@TestProfile(RefusedExportProfile.class)
class RefusedExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRefusedExportIsAnnouncedOnceAndNotRetried() throws Exception {
        Scenario scenario = RefusedExportProfile.scenario();
        String snapshot = scenario.snapshot();
        String exportId = ExportIds.forSnapshot("lake", snapshot);

        JsonNode failed = JSON.readTree(Scenario.take(scenario.lakeEvents,
                b -> b.contains("\"ExportFailed\"") && b.contains(exportId), 1, 60_000).get(0));
        assertThat(failed.get("stage").asText()).isEqualTo("export");
        assertThat(failed.get("status").asText()).isEqualTo("REJECTED");
        assertThat(failed.get("reason").asText()).startsWith("IamRoleNotFound: ")
                .contains(RefusedExportProfile.FOREIGN_ROLE);
        assertThat(RDS.describeExportTasks(b -> b.sourceArn(snapshot)).exportTasks()).isEmpty();

        // the snapshot event again (at least once): nothing new
        scenario.send(Scenario.rdsEnvelope(snapshot, "RDS-EVENT-0091", "Automated snapshot created"));
        Thread.sleep(3000);
        List<String> rest = Scenario.drain(scenario.lakeEvents, 2_000);
        assertThat(rest).noneMatch(b -> b.contains(exportId));
        assertThat(Scenario.drain(scenario.rdsEventsDlq, 1_000)).isEmpty();
    }
}
