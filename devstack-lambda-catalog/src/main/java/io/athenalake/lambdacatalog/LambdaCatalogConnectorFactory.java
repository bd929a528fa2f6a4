package io.athenalake.lambdacatalog;

import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorContext;
import io.trino.spi.connector.ConnectorFactory;

import java.util.Map;

/** {@code connector.name=athena_lambda}: a catalog served by an Athena federated-query connector Lambda. */
public final class LambdaCatalogConnectorFactory implements ConnectorFactory {

    public static final String NAME = "athena_lambda";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Connector create(String catalogName, Map<String, String> config, ConnectorContext context) {
        // The SDK, Arrow and the AWS SDK are the plugin's own: load them through its class loader.
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(getClass().getClassLoader());
        try {
            return new LambdaCatalogConnector(new FederationClient(CatalogConfig.parse(catalogName, config)));
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
