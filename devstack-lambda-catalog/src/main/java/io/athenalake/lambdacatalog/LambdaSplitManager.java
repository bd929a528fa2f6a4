package io.athenalake.lambdacatalog;

import com.amazonaws.athena.connector.lambda.domain.Split;
import com.amazonaws.athena.connector.lambda.domain.TableName;
import com.amazonaws.athena.connector.lambda.domain.predicate.Constraints;
import com.amazonaws.athena.connector.lambda.metadata.GetSplitsRequest;
import com.amazonaws.athena.connector.lambda.metadata.GetSplitsResponse;
import com.amazonaws.athena.connector.lambda.metadata.GetTableLayoutRequest;
import com.amazonaws.athena.connector.lambda.metadata.GetTableLayoutResponse;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplitManager;
import io.trino.spi.connector.ConnectorSplitSource;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.Constraint;
import io.trino.spi.connector.DynamicFilter;
import io.trino.spi.connector.FixedSplitSource;
import org.apache.arrow.vector.types.pojo.Schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Splits as Athena gets them: GetTableLayout with the pushed constraints (the connector prunes partitions), then
 * GetSplits with the layout's partitions, page after page while the connector hands back a continuation token.
 */
final class LambdaSplitManager implements ConnectorSplitManager {

    private final FederationClient federation;

    LambdaSplitManager(FederationClient federation) {
        this.federation = federation;
    }

    @Override
    public ConnectorSplitSource getSplits(ConnectorTransactionHandle transaction, ConnectorSession session,
                                          ConnectorTableHandle table, DynamicFilter dynamicFilter, Constraint constraint) {
        LambdaTableHandle handle = (LambdaTableHandle) table;
        TableName tableName = new TableName(handle.schemaName(), handle.tableName());
        Schema schema = handle.arrowSchema();
        String queryId = FederationClient.queryId(session);
        List<LambdaSplit> splits = new ArrayList<>();
        try (Constraints constraints = federation.constraints(handle);
             GetTableLayoutResponse layout = federation.metadata(new GetTableLayoutRequest(federation.identity(session), queryId,
                federation.catalogName(), tableName, constraints, schema, new HashSet<>(handle.partitionColumns())),
                GetTableLayoutResponse.class)) {
            String token = null;
            do {
                try (GetSplitsResponse page = federation.metadata(new GetSplitsRequest(federation.identity(session), queryId,
                        federation.catalogName(), tableName, layout.getPartitions(), new ArrayList<>(handle.partitionColumns()),
                        constraints, token), GetSplitsResponse.class)) {
                    for (Split split : page.getSplits()) {
                        splits.add(LambdaSplit.of(split));
                    }
                    token = page.getContinuationToken();
                }
            } while (token != null);
        } catch (TrinoException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new FixedSplitSource(splits);
    }
}
