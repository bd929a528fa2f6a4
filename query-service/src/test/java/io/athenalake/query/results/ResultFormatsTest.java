package io.athenalake.query.results;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Athena's CSV and text values, read as Athena writes them. */
class ResultFormatsTest {

    @Test
    void csvQuotesNullsAndLineBreaks() throws Exception {
        CsvRowReader reader = new CsvRowReader(new StringReader(
                "\"a\",\"b\",\"c\"\n\"1\",,\"\"\n\"say \"\"hi\"\"\",\"two\nlines\",\"x,y\"\r\n"));
        assertThat(reader.next()).containsExactly("a", "b", "c");
        assertThat(reader.next()).isEqualTo(Arrays.asList("1", null, ""));
        assertThat(reader.next()).containsExactly("say \"hi\"", "two\nlines", "x,y");
        assertThat(reader.next()).isNull();
    }

    @Test
    void valuesBecomeJsonTypesByAthenaType() {
        assertThat(AthenaValues.convert("bigint", "42")).isEqualTo(42L);
        assertThat(AthenaValues.convert("integer", "-7")).isEqualTo(-7L);
        assertThat(AthenaValues.convert("double", "1.5")).isEqualTo(1.5);
        assertThat(AthenaValues.convert("double", "NaN")).isEqualTo("NaN");
        assertThat(AthenaValues.convert("decimal(10,2)", "12.30")).isEqualTo(new BigDecimal("12.30"));
        assertThat(AthenaValues.convert("boolean", "true")).isEqualTo(true);
        assertThat(AthenaValues.convert("date", "2026-11-21")).isEqualTo("2026-11-21");
        assertThat(AthenaValues.convert("array(integer)", "[1, 2]")).isEqualTo("[1, 2]");
        assertThat(AthenaValues.convert("varchar", null)).isNull();
    }

    @Test
    void s3LocationsParse() {
        assertThat(S3Location.parse("s3://athena-results/q/1.csv")).isEqualTo(new S3Location("athena-results", "q/1.csv"));
    }
}
