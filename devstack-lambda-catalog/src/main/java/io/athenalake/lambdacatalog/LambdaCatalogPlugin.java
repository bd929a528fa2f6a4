package io.athenalake.lambdacatalog;

import io.trino.spi.Plugin;
import io.trino.spi.connector.ConnectorFactory;

import java.util.List;

/** The Trino plugin: one connector, {@code athena_lambda}, for Athena's {@code LAMBDA} data catalogs. */
public final class LambdaCatalogPlugin implements Plugin {

    @Override
    public Iterable<ConnectorFactory> getConnectorFactories() {
        return List.of(new LambdaCatalogConnectorFactory());
    }
}
