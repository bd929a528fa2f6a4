package io.athenalake.devstack.athena;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class StatementTypesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT 1|DML",
        "  with x as (select 1) select * from x|DML",
        "/* leading comment */ (SELECT 1)|DML",
        "-- line comment NEWLINE SELECT 1|DML",
        "INSERT INTO t SELECT 1|DML",
        "CREATE TABLE t AS SELECT 1|DML",
        "CREATE TABLE t WITH (format='PARQUET') AS (SELECT 1)|DML",
        "CREATE TABLE t (a int)|DDL",
        "SHOW TABLES|DDL",
        "DESCRIBE t|DDL",
        "DROP TABLE t|DDL",
        "EXPLAIN SELECT 1|UTILITY"
    })
    void statementsAreTypedAsAthenaTypesThem(String sql, String type) {
        assertThat(StatementTypes.of(sql.replace(" NEWLINE ", "\n"))).isEqualTo(type);
    }
}
