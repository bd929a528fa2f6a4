package io.athenalake.connector.mapping;

import com.amazonaws.athena.connector.lambda.exceptions.AthenaConnectorException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamesTest {

    @Test
    void mixedCaseFoldersAreListedLowerCasedAndFoundAgain() {
        List<String> folders = List.of("SalesOrders", "customers", "Zones");
        assertThat(Names.athenaNames(folders)).containsExactly("customers", "salesorders", "zones");
        assertThat(Names.resolve("salesorders", folders, "table", "s3://b/t/")).isEqualTo("SalesOrders");
    }

    @Test
    void namesDifferingOnlyInCaseAreReportedNotGuessed() {
        List<String> folders = List.of("Sales", "sales", "other");
        assertThat(Names.athenaNames(folders)).containsExactly("other", "sales");
        assertThatThrownBy(() -> Names.resolve("sales", folders, "table", "s3://b/t/"))
                .isInstanceOf(AthenaConnectorException.class)
                .hasMessage("The table name 'sales' is ambiguous in s3://b/t/: 'Sales', 'sales' differ only in case and Athena "
                        + "sees names lower-cased. Rename all but one.");
    }

    @Test
    void anUnknownNameSaysWhereItWasLookedFor() {
        assertThatThrownBy(() -> Names.resolve("missing", List.of("a"), "table", "s3://b/t/"))
                .hasMessage("No table 'missing' in s3://b/t/.");
    }

    @Test
    void partitionFoldersAreParsedAsHiveWritesThem() {
        assertThat(LakeCatalog.partitionValues("Year=2024/city=S%C3%A3o Paulo/part-0.parquet"))
                .isEqualTo(Map.of("year", "2024", "city", "São Paulo"));
        assertThat(LakeCatalog.partitionValues("part-0.parquet")).isEmpty();
        assertThat(LakeCatalog.partitionValues("note=a+b/x.parquet")).containsEntry("note", "a+b");
    }

    @Test
    void markersAndHiddenFilesAreNotData() {
        assertThat(LakeCatalog.hidden("_SUCCESS")).isTrue();
        assertThat(LakeCatalog.hidden("dt=1/.part-0.parquet.crc")).isTrue();
        assertThat(LakeCatalog.hidden("_temporary/0/part-0.parquet")).isTrue();
        assertThat(LakeCatalog.hidden("dt=1/part-0.parquet")).isFalse();
    }
}
