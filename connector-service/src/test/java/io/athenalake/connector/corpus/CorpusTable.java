package io.athenalake.connector.corpus;

import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A generated table: its folder's files, the columns Athena sees (in the order the connector shows them), and how
 * the differential test treats it.
 *
 * @param name        the folder under the corpus bucket's tables path
 * @param columns     the table's columns
 * @param files       its parquet files
 * @param partitionKey the {@code key=value} folder key, or null
 * @param hiveByName  whether Trino's Hive table matches parquet columns by name (false: by position, for names a
 *                    Hive table cannot declare)
 * @param oracle      the table whose files Trino's Hive catalog reads as the expected answer: this one, or a twin with
 *                    the same rows in a form Trino's reader also reads
 * @param predicates  which generated predicates run on it ({@link Predicates.Depth})
 */
public record CorpusTable(String name, List<Column> columns, List<File> files, String partitionKey, boolean hiveByName, String oracle,
                          Predicates.Depth predicates) {

    /**
     * One parquet file of the table.
     *
     * @param key            its key under the table's folder
     * @param schema         its parquet schema (a table's files may differ: a column missing, columns reordered)
     * @param columns        its columns, in the schema's order
     * @param fromRow        first row (rows are numbered across the table, so files hold different rows)
     * @param toRow          end of its rows (exclusive)
     * @param partitionValue the value of the table's partition key in this file's folder, or null
     * @param writer         the writer's settings (codec, page version, dictionaries, statistics, sizes)
     */
    public record File(String key, MessageType schema, List<Column> columns, int fromRow, int toRow, String partitionValue,
                       Consumer<ExampleParquetWriter.Builder> writer) {
    }

    public long rows() {
        return files.stream().mapToLong(file -> file.toRow() - file.fromRow()).sum();
    }

    /** The columns with the partition key's values per row, as the connector shows partition columns (varchar). */
    public Map<Integer, String> partitionOfRows() {
        Map<Integer, String> values = new LinkedHashMap<>();
        for (File file : files) {
            for (int row = file.fromRow(); row < file.toRow(); row++) {
                values.put(row, file.partitionValue());
            }
        }
        return values;
    }
}
