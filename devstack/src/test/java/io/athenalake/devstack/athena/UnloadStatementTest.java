package io.athenalake.devstack.athena;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Athena's UNLOAD statement, parsed without a stack, and the Trino CTAS it becomes. */
class UnloadStatementTest {

    @Test
    void theQueryTheLocationAndThePropertiesAreTakenApart() {
        UnloadStatement unload = UnloadStatement.parse(
                "UNLOAD (SELECT * FROM orders) TO 's3://lake/out/orders/' WITH (format = 'PARQUET')");

        assertThat(unload.select()).isEqualTo("SELECT * FROM orders");
        assertThat(unload.location()).isEqualTo("s3://lake/out/orders/");
        assertThat(unload.format()).isEqualTo(UnloadStatement.Format.PARQUET);
        assertThat(unload.compression()).isEqualTo("GZIP");
        assertThat(unload.fieldDelimiter()).isNull();
        assertThat(unload.partitionedBy()).isEmpty();
    }

    @Test
    void parenthesesQuotesAndCommentsInsideTheQueryDoNotEndIt() {
        String select = "SELECT 'a)b''c(' AS \"x)\"\"y\", (1 + (2)) AS n -- a comment with ) and '\n"
                + "FROM t /* ) ' */ WHERE s IN (')', '(')";
        UnloadStatement unload = UnloadStatement.parse("/* before */ -- and a line\n unload\n(" + select + ")\n"
                + "-- between\nto 's3://lake/it''s/' /* c */ with (Format = 'parquet', COMPRESSION='snappy');; ");

        assertThat(unload.select()).isEqualTo(select);
        assertThat(unload.location()).isEqualTo("s3://lake/it's/");
        assertThat(unload.compression()).isEqualTo("SNAPPY");
    }

    @Test
    void textfileTakesAFieldDelimiterAndAnyFormatPartitionColumns() {
        UnloadStatement unload = UnloadStatement.parse("UNLOAD (SELECT a, b, year, month FROM t) TO 's3://b/p' "
                + "WITH (format = 'TEXTFILE', field_delimiter = '|', \"partitioned_by\" = ARRAY [ 'Year' , 'month' ])");

        assertThat(unload.format()).isEqualTo(UnloadStatement.Format.TEXTFILE);
        assertThat(unload.fieldDelimiter()).isEqualTo("|");
        assertThat(unload.partitionedBy()).containsExactly("year", "month");
        assertThat(unload.target().toString()).isEqualTo("s3://b/p/");
    }

    @Test
    void theCtasWritesTheSameQueryIntoTheLocationAsAnExternalTable() {
        UnloadStatement unload = UnloadStatement.parse("UNLOAD (SELECT a, y FROM t WHERE a < ? -- last line)\n) "
                + "TO 's3://b/o''k' WITH (format = 'textfile', field_delimiter = '''', partitioned_by = ARRAY['y'])");

        assertThat(unload.createTableAs("athena_unload.unload.t1")).isEqualTo("CREATE TABLE athena_unload.unload.t1 WITH ("
                + "external_location = 's3://b/o''k/', format = 'TEXTFILE', textfile_field_separator = '''', "
                + "partitioned_by = ARRAY['y']) AS\nSELECT a, y FROM t WHERE a < ? -- last line)\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GZIP|GZIP", "zlib|GZIP", "Snappy|SNAPPY", "LZ4|LZ4", "zstd|ZSTD", "NONE|NONE"
    })
    void compressionsTrinosHiveWriterHasAreMappedToItsCodecs(String athena, String trino) {
        assertThat(UnloadStatement.parse("UNLOAD (SELECT 1) TO 's3://b/p/' WITH (format = 'ORC', compression = '"
                + athena + "')").compression()).isEqualTo(trino);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // what a user would get wrong, with the error name Athena's reason starts with and the words that explain it
        "UNLOAD (SELECT 1) TO 's3://b/p/'|INVALID_TABLE_PROPERTY|requires the format property",
        "UNLOAD (SELECT 1) TO 's3://b/p/' WITH (compression = 'GZIP')|INVALID_TABLE_PROPERTY|requires the format property",
        "UNLOAD (SELECT 1) TO 's3://b/p/' WITH (format = 'CSV')|NOT_SUPPORTED|format 'CSV' is not supported",
        "UNLOAD (SELECT 1) TO 's3://b/p/' WITH (format = 'PARQUET', compression = 'BZIP2')|NOT_SUPPORTED|compression 'BZIP2'",
        "UNLOAD (SELECT 1) TO 's3://b/p/' WITH (format = 'PARQUET', compression_level = '3')|NOT_SUPPORTED|compression_level",
        "UNLOAD (SELECT 1) TO 's3://b/p/' WITH (format = 'PARQUET', field_delimiter = ',')|INVALID_TABLE_PROPERTY|TEXTFILE only",
        "UNLOAD (SELECT 1) TO 's3://b/p/' WITH (format = 'TEXTFILE', field_delimiter = ',,')|INVALID_TABLE_PROPERTY|single character",
        "UNLOAD (SELECT 1) TO 's3://b/p/' WITH (format = 'PARQUET', bucketed_by = 'x')|INVALID_TABLE_PROPERTY|'bucketed_by' does not exist",
        "UNLOAD (SELECT 1) TO 's3://b/p/' WITH (format = 'PARQUET', FORMAT = 'ORC')|INVALID_TABLE_PROPERTY|given twice",
        "UNLOAD (SELECT 1) TO 's3://b/p/' WITH (format = 'PARQUET', partitioned_by = 'y')|INVALID_TABLE_PROPERTY|ARRAY of column names",
        "UNLOAD (SELECT 1) TO 's3://b/p/' WITH (format = ARRAY['PARQUET'])|INVALID_TABLE_PROPERTY|must be a string literal",
        "UNLOAD (SELECT 1) TO '/tmp/out' WITH (format = 'PARQUET')|INVALID_TABLE_PROPERTY|must be an s3:// location",
        "UNLOAD (SELECT 1) WITH (format = 'PARQUET')|SYNTAX_ERROR|line 1:19: expected TO",
        "UNLOAD SELECT 1 TO 's3://b/p/' WITH (format = 'PARQUET')|SYNTAX_ERROR|expected '('",
        "UNLOAD () TO 's3://b/p/' WITH (format = 'PARQUET')|SYNTAX_ERROR|needs a query",
        "UNLOAD (SELECT (1) TO 's3://b/p/' WITH (format = 'PARQUET')|SYNTAX_ERROR|never closed",
        "UNLOAD (SELECT ')') TO s3://b/p/ WITH (format = 'PARQUET')|SYNTAX_ERROR|TO location as a string literal",
        "UNLOAD (SELECT 1) TO 's3://b/p/ WITH (format = 'PARQUET')|SYNTAX_ERROR|unexpected text",
        "UNLOAD (SELECT 1) TO 's3://b/p/' WITH (format = 'PARQUET') AND MORE|SYNTAX_ERROR|unexpected text",
        "UNLOAD (SELECT 1) TO 's3://b/p/' WITH (format 'PARQUET')|SYNTAX_ERROR|expected '=' after format",
        "UNLOAD (SELECT 1 /* open) TO 's3://b/p/' WITH (format = 'PARQUET')|SYNTAX_ERROR|unterminated comment",
    })
    void badStatementsAreRejectedWithAClearReason(String sql, String errorName, String words) {
        assertThatThrownBy(() -> UnloadStatement.parse(sql))
                .isInstanceOfSatisfying(UnloadStatement.InvalidUnload.class,
                        e -> assertThat(e.errorName).isEqualTo(errorName))
                .hasMessageContaining(words);
    }

    @Test
    void onlyAStatementStartingWithUnloadIsOne() {
        assertThat(StatementTypes.isUnload("-- export\n unload (SELECT 1) TO 's3://b/p/' WITH (format = 'JSON')")).isTrue();
        assertThat(StatementTypes.isUnload("SELECT 'UNLOAD (x)'")).isFalse();
        assertThat(StatementTypes.isUnload("UNLOADED")).isFalse();
        assertThat(StatementTypes.of("UNLOAD (SELECT 1) TO 's3://b/p/' WITH (format = 'JSON')")).isEqualTo("DML");
        assertThat(List.of(UnloadStatement.Format.values())).extracting(Enum::name)
                .containsExactly("PARQUET", "ORC", "AVRO", "JSON", "TEXTFILE");
    }
}
