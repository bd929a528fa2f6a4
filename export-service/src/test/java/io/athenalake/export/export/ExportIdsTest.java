package io.athenalake.export.export;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ExportIdsTest {

    /** RDS's rule for export task identifiers. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z](?!.*--)[A-Za-z0-9-]{0,59}(?<!-)");

    @Test
    void sameSnapshotSameIdOtherSnapshotOtherId() {
        String arn = "arn:aws:rds:us-east-1:000000000000:snapshot:rds:app-db-2026-11-21-06-45-12";
        assertThat(ExportIds.forSnapshot("lake", arn)).isEqualTo(ExportIds.forSnapshot("lake", arn))
                .startsWith("lake-rds-app-db-2026-11-21-06-45-12-").matches(VALID);
        assertThat(ExportIds.forSnapshot("lake", arn.replace("12", "13"))).isNotEqualTo(ExportIds.forSnapshot("lake", arn));
    }

    @Test
    void longAndOddNamesStayValidAndDistinct() {
        String base = "arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:";
        String a = ExportIds.forSnapshot("lake", base + "rds:a-very-long-aurora-cluster-name-for-the-orders-team-2026-11-21-06-45-a");
        String b = ExportIds.forSnapshot("lake", base + "rds:a-very-long-aurora-cluster-name-for-the-orders-team-2026-11-21-06-45-b");
        assertThat(a).hasSizeLessThanOrEqualTo(60).matches(VALID);
        assertThat(b).hasSizeLessThanOrEqualTo(60).matches(VALID).isNotEqualTo(a);
        assertThat(ExportIds.forSnapshot("lake", base + "--__Weird..Name--")).matches(VALID);
        assertThat(ExportIds.forSnapshot("lake", base + "---")).matches(VALID);
    }

    @Test
    void allowListTakesIdentifiersAndPrefixes() {
        SourceAllowList allow = new SourceAllowList(java.util.List.of("app-db", "sales-*"));
        assertThat(allow.allows("app-db")).isTrue();
        assertThat(allow.allows("app-db-2")).isFalse();
        assertThat(allow.allows("sales-eu")).isTrue();
        assertThat(allow.allows("marketing")).isFalse();
        assertThat(allow.allows(null)).isFalse();
    }
}
