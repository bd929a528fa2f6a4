package io.athenalake.lambdacatalog;

import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorRecordSetProvider;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplitManager;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.session.PropertyMetadata;
import io.trino.spi.transaction.IsolationLevel;

import java.util.List;

/** A read-only catalog whose metadata, splits and rows come from a connector Lambda. */
final class LambdaCatalogConnector implements Connector {

    private final FederationClient federation;
    private final LambdaCatalogMetadata metadata;
    private final LambdaSplitManager splits;
    private final LambdaRecordSetProvider records;

    LambdaCatalogConnector(FederationClient federation) {
        this.federation = federation;
        this.metadata = new LambdaCatalogMetadata(federation);
        this.splits = new LambdaSplitManager(federation);
        this.records = new LambdaRecordSetProvider(federation);
    }

    @Override
    public ConnectorTransactionHandle beginTransaction(IsolationLevel isolationLevel, boolean readOnly, boolean autoCommit) {
        return LambdaTransactionHandle.INSTANCE;
    }

    @Override
    public ConnectorMetadata getMetadata(ConnectorSession session, ConnectorTransactionHandle transaction) {
        return metadata;
    }

    @Override
    public ConnectorSplitManager getSplitManager() {
        return splits;
    }

    @Override
    public ConnectorRecordSetProvider getRecordSetProvider() {
        return records;
    }

    @Override
    public List<PropertyMetadata<?>> getSessionProperties() {
        return List.of(PropertyMetadata.booleanProperty(LambdaCatalogMetadata.PUSHDOWN_ENABLED,
                "Send the query's predicates to the connector (Athena always does; off only to compare answers)", true, false));
    }

    @Override
    public void shutdown() {
        federation.close();
    }
}
