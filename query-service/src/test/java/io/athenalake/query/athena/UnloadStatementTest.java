package io.athenalake.query.athena;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which queries can have a parquet result, and the UNLOAD around them read back from Athena's query text. */
class UnloadStatementTest {

    @Test
    void aWrappedQueryIsReadBackAsTheCallerWroteIt() {
        String sql = "SELECT a FROM t -- the last line is a comment\n";
        String wrapped = UnloadStatement.wrap(sql + ";", "s3://results/unload/abc/");
        assertThat(wrapped).startsWith("UNLOAD (SELECT a FROM t -- the last line is a comment\n) TO 's3://results/unload/abc/'");
        UnloadStatement.Unloaded unloaded = UnloadStatement.of(wrapped).orElseThrow();
        assertThat(unloaded.sql()).isEqualTo(sql.strip());
        assertThat(unloaded.location()).isEqualTo("s3://results/unload/abc/");
    }

    @Test
    void aCallersOwnUnloadIsNotTakenForOne() {
        assertThat(UnloadStatement.of("UNLOAD (SELECT 1) TO 's3://b/x/' WITH (format = 'JSON')")).isEmpty();
        assertThat(UnloadStatement.of("SELECT 1")).isEmpty();
        assertThat(UnloadStatement.of(null)).isEmpty();
    }

    @Test
    void onlyQueriesWithoutATopLevelOrderByCanBeParquet() {
        assertThat(UnloadStatement.whyNotParquet("SELECT * FROM t")).isEmpty();
        assertThat(UnloadStatement.whyNotParquet("  -- note\n/* c */ (SELECT 1)")).isEmpty();
        assertThat(UnloadStatement.whyNotParquet("WITH x AS (SELECT a FROM t ORDER BY a LIMIT 5) SELECT * FROM x")).isEmpty();
        assertThat(UnloadStatement.whyNotParquet("SELECT rank() OVER (ORDER BY a) FROM t")).isEmpty();
        assertThat(UnloadStatement.whyNotParquet("SELECT 'ORDER BY' AS \"order by\" FROM t -- ORDER BY a")).isEmpty();
        assertThat(UnloadStatement.whyNotParquet("VALUES (1), (2)")).isEmpty();

        assertThat(UnloadStatement.whyNotParquet("SELECT a FROM t ORDER BY a")).get().asString().contains("ORDER BY");
        assertThat(UnloadStatement.whyNotParquet("select a from t order\n  by a desc limit 3")).isPresent();
        assertThat(UnloadStatement.whyNotParquet("WITH x AS (SELECT 1 a) SELECT * FROM x ORDER BY a")).isPresent();
        assertThat(UnloadStatement.whyNotParquet("SHOW TABLES")).get().asString().contains("SHOW");
        assertThat(UnloadStatement.whyNotParquet("CREATE TABLE x AS SELECT 1")).isPresent();
        assertThat(UnloadStatement.whyNotParquet("INSERT INTO x SELECT 1")).isPresent();
        assertThat(UnloadStatement.whyNotParquet("   ")).isPresent();
    }
}
