package io.athenalake.connector.parquet;

import io.athenalake.connector.errors.ConnectorErrors;
import io.athenalake.connector.mapping.DataFile;
import io.athenalake.connector.mapping.Names;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A table's schema as Athena sees it: the union of its files' columns (a column missing from some files
 * reads as null there), followed by its partition columns as {@code varchar}. Files that disagree on a
 * column's type make the table unusable, and the error names both files.
 */
public record TableSchema(Schema schema, List<String> partitionColumns) {

    public static TableSchema merge(String tableUri, List<DataFile> files, Function<DataFile, MessageType> schemaOf) {
        if (files.isEmpty()) {
            throw ConnectorErrors.notFound("The table folder " + tableUri + " holds no data files: write parquet files into it "
                    + "(or remove the empty folder).");
        }
        Map<String, Field> columns = new LinkedHashMap<>();
        Map<String, String> firstSeenIn = new LinkedHashMap<>();
        for (DataFile file : files) {
            MessageType schema = schemaOf.apply(file);
            Map<String, String> seenInFile = new LinkedHashMap<>();
            for (Type type : schema.getFields()) {
                String name = Names.athenaName(type.getName());
                String previous = seenInFile.put(name, type.getName());
                if (previous != null) {
                    throw ConnectorErrors.invalidInput("The columns '" + previous + "' and '" + type.getName() + "' of "
                            + file.uri() + " differ only in case; Athena sees names lower-cased and cannot tell them apart.");
                }
                Field field = ArrowTypes.field(type, file.uri());
                Field existing = columns.get(name);
                if (existing == null) {
                    columns.put(name, field);
                    firstSeenIn.put(name, file.uri());
                } else if (!existing.equals(field)) {
                    throw ConnectorErrors.invalidInput("The files of table " + tableUri + " disagree on column '" + name + "': "
                            + describe(existing) + " in " + firstSeenIn.get(name) + " but " + describe(field) + " in "
                            + file.uri() + ". Rewrite one of them with the other's type.");
                }
            }
        }
        List<String> partitionColumns = List.copyOf(files.get(0).partitionValues().keySet());
        List<Field> fields = new ArrayList<>(columns.values());
        for (String partition : partitionColumns) {
            if (columns.containsKey(partition)) {
                throw ConnectorErrors.invalidInput("The partition folder key '" + partition + "' of table " + tableUri
                        + " is also a column in its files (e.g. " + firstSeenIn.get(partition) + "); rename one of them.");
            }
            fields.add(new Field(partition, FieldType.nullable(ArrowTypes.VARCHAR), null));
        }
        return new TableSchema(new Schema(fields), partitionColumns);
    }

    private static String describe(Field field) {
        StringBuilder text = new StringBuilder(field.getType().toString());
        if (!field.getChildren().isEmpty()) {
            text.append('<');
            for (int i = 0; i < field.getChildren().size(); i++) {
                text.append(i == 0 ? "" : ", ").append(field.getChildren().get(i).getName()).append(' ')
                        .append(describe(field.getChildren().get(i)));
            }
            text.append('>');
        }
        return text.toString();
    }
}
