package io.athenalake.lambdacatalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.type.Type;

/** A column of a connector table: its name (the Arrow field's) and its Trino type. */
public record LambdaColumnHandle(String name, Type type) implements ColumnHandle {

    @JsonCreator
    public LambdaColumnHandle(@JsonProperty("name") String name, @JsonProperty("type") Type type) {
        this.name = name;
        this.type = type;
    }

    @Override
    @JsonProperty
    public String name() {
        return name;
    }

    @Override
    @JsonProperty
    public Type type() {
        return type;
    }

    ColumnMetadata metadata() {
        return new ColumnMetadata(name, type);
    }
}
