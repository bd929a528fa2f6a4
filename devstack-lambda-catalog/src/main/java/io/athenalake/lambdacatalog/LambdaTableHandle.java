package io.athenalake.lambdacatalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.predicate.TupleDomain;
import org.apache.arrow.vector.types.pojo.Schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** A table as the connector's GetTable described it: its Arrow schema (as Arrow's JSON) and partition columns. */
public record LambdaTableHandle(String schemaName, String tableName, String arrowSchemaJson, List<String> partitionColumns,
                                TupleDomain<LambdaColumnHandle> constraint)
        implements ConnectorTableHandle {

    /**
     * @param constraint the predicate pushed to the connector (see {@link PushedConstraints})
     */
    @JsonCreator
    public LambdaTableHandle(@JsonProperty("schemaName") String schemaName, @JsonProperty("tableName") String tableName,
                             @JsonProperty("arrowSchemaJson") String arrowSchemaJson,
                             @JsonProperty("partitionColumns") List<String> partitionColumns,
                             @JsonProperty("constraint") TupleDomain<LambdaColumnHandle> constraint) {
        this.schemaName = schemaName;
        this.tableName = tableName;
        this.arrowSchemaJson = arrowSchemaJson;
        this.partitionColumns = List.copyOf(partitionColumns);
        this.constraint = constraint;
    }

    LambdaTableHandle withConstraint(TupleDomain<LambdaColumnHandle> newConstraint) {
        return new LambdaTableHandle(schemaName, tableName, arrowSchemaJson, partitionColumns, newConstraint);
    }

    @Override
    @JsonProperty
    public TupleDomain<LambdaColumnHandle> constraint() {
        return constraint;
    }

    @Override
    @JsonProperty
    public String schemaName() {
        return schemaName;
    }

    @Override
    @JsonProperty
    public String tableName() {
        return tableName;
    }

    @Override
    @JsonProperty
    public String arrowSchemaJson() {
        return arrowSchemaJson;
    }

    @Override
    @JsonProperty
    public List<String> partitionColumns() {
        return partitionColumns;
    }

    Schema arrowSchema() {
        try {
            return Schema.fromJSON(arrowSchemaJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SchemaTableName schemaTableName() {
        return new SchemaTableName(schemaName, tableName);
    }
}
