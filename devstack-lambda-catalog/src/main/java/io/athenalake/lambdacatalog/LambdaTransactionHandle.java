package io.athenalake.lambdacatalog;

import io.trino.spi.connector.ConnectorTransactionHandle;

/** The catalog is read-only and stateless between calls: one transaction handle serves all. */
enum LambdaTransactionHandle implements ConnectorTransactionHandle {
    INSTANCE
}
