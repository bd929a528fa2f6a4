package io.athenalake.lambdacatalog;

import com.amazonaws.athena.connector.lambda.domain.TableName;
import com.amazonaws.athena.connector.lambda.domain.predicate.Constraints;
import com.amazonaws.athena.connector.lambda.records.ReadRecordsRequest;
import com.amazonaws.athena.connector.lambda.records.RecordResponse;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ConnectorRecordSetProvider;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplit;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.RecordCursor;
import io.trino.spi.connector.RecordSet;
import io.trino.spi.type.Type;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Rows of a split: one ReadRecords call with the projected schema (only the columns the query reads), answered
 * inline or, past Athena's inline limit, as spilled blocks that the cursor reads and decrypts one at a time.
 */
final class LambdaRecordSetProvider implements ConnectorRecordSetProvider {

    private final FederationClient federation;

    LambdaRecordSetProvider(FederationClient federation) {
        this.federation = federation;
    }

    @Override
    public RecordSet getRecordSet(ConnectorTransactionHandle transaction, ConnectorSession session, ConnectorSplit split,
                                  ConnectorTableHandle table, List<? extends ColumnHandle> columns) {
        LambdaTableHandle handle = (LambdaTableHandle) table;
        List<LambdaColumnHandle> projected = columns.stream().map(LambdaColumnHandle.class::cast).toList();
        Map<String, Field> fields = handle.arrowSchema().getFields().stream()
                .collect(Collectors.toMap(Field::getName, Function.identity()));
        Schema schema = new Schema(projected.stream().map(column -> fields.get(column.name())).toList());
        List<Type> types = projected.stream().map(LambdaColumnHandle::type).toList();
        return new RecordSet() {
            @Override
            public List<Type> getColumnTypes() {
                return types;
            }

            @Override
            public RecordCursor cursor() {
                try (Constraints constraints = federation.constraints(handle)) {
                    ReadRecordsRequest request = new ReadRecordsRequest(federation.identity(session), federation.catalogName(),
                            FederationClient.queryId(session), new TableName(handle.schemaName(), handle.tableName()), schema,
                            ((LambdaSplit) split).toFederationSplit(), constraints,
                            federation.config().maxBlockBytes(), federation.config().maxInlineBlockBytes());
                    RecordResponse response = federation.records(request, RecordResponse.class);
                    return new LambdaRecordCursor(federation, response, projected, (LambdaSplit) split, schema);
                }
            }
        };
    }
}
