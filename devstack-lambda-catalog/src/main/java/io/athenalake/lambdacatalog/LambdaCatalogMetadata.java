package io.athenalake.lambdacatalog;

import com.amazonaws.athena.connector.lambda.domain.TableName;
import com.amazonaws.athena.connector.lambda.metadata.GetTableRequest;
import com.amazonaws.athena.connector.lambda.metadata.GetTableResponse;
import com.amazonaws.athena.connector.lambda.metadata.ListSchemasRequest;
import com.amazonaws.athena.connector.lambda.metadata.ListSchemasResponse;
import com.amazonaws.athena.connector.lambda.metadata.ListTablesRequest;
import com.amazonaws.athena.connector.lambda.metadata.ListTablesResponse;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.ConnectorTableVersion;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.Constraint;
import io.trino.spi.connector.ConstraintApplicationResult;
import io.trino.spi.predicate.TupleDomain;
import org.apache.arrow.vector.types.pojo.Field;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;

/**
 * Schemas, tables and columns as the connector's ListSchemas, ListTables (page by page) and GetTable answer them.
 */
final class LambdaCatalogMetadata implements ConnectorMetadata {

    /** Tables per ListTables page: Athena pages through large catalogs rather than asking for all at once. */
    static final int TABLES_PAGE_SIZE = 50;
    /** Session property: whether predicates reach the connector. */
    static final String PUSHDOWN_ENABLED = "pushdown_enabled";

    private final FederationClient federation;

    LambdaCatalogMetadata(FederationClient federation) {
        this.federation = federation;
    }

    @Override
    public List<String> listSchemaNames(ConnectorSession session) {
        try (ListSchemasResponse response = federation.metadata(new ListSchemasRequest(federation.identity(session),
                FederationClient.queryId(session), federation.catalogName()), ListSchemasResponse.class)) {
            return response.getSchemas().stream().sorted().toList();
        } catch (TrinoException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<SchemaTableName> listTables(ConnectorSession session, Optional<String> schemaName) {
        List<SchemaTableName> tables = new ArrayList<>();
        for (String schema : schemaName.map(List::of).orElseGet(() -> listSchemaNames(session))) {
            String token = null;
            do {
                try (ListTablesResponse page = federation.metadata(new ListTablesRequest(federation.identity(session),
                        FederationClient.queryId(session), federation.catalogName(), schema, token, TABLES_PAGE_SIZE),
                        ListTablesResponse.class)) {
                    page.getTables().forEach(table -> tables.add(new SchemaTableName(table.getSchemaName(), table.getTableName())));
                    token = page.getNextToken();
                } catch (TrinoException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            } while (token != null);
        }
        return tables;
    }

    @Override
    public ConnectorTableHandle getTableHandle(ConnectorSession session, SchemaTableName name,
                                               Optional<ConnectorTableVersion> startVersion,
                                               Optional<ConnectorTableVersion> endVersion) {
        if (startVersion.isPresent() || endVersion.isPresent()) {
            throw new TrinoException(NOT_SUPPORTED, "This connector does not support versioned tables");
        }
        try (GetTableResponse table = federation.metadata(new GetTableRequest(federation.identity(session),
                FederationClient.queryId(session), federation.catalogName(),
                new TableName(name.getSchemaName(), name.getTableName()), Map.of()), GetTableResponse.class)) {
            return new LambdaTableHandle(table.getTableName().getSchemaName(), table.getTableName().getTableName(),
                    table.getSchema().toJson(), new ArrayList<>(table.getPartitionColumns()), TupleDomain.all());
        } catch (TrinoException e) {
            // A connector reports a missing table as an error; Trino wants "no such table" for it.
            if (!listTables(session, Optional.of(name.getSchemaName())).contains(name)) {
                return null;
            }
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public ConnectorTableMetadata getTableMetadata(ConnectorSession session, ConnectorTableHandle table) {
        LambdaTableHandle handle = (LambdaTableHandle) table;
        List<ColumnMetadata> columns = columns(handle).values().stream().map(LambdaColumnHandle::metadata).toList();
        return new ConnectorTableMetadata(handle.schemaTableName(), columns);
    }

    @Override
    public Map<String, ColumnHandle> getColumnHandles(ConnectorSession session, ConnectorTableHandle table) {
        return new LinkedHashMap<>(columns((LambdaTableHandle) table));
    }

    @Override
    public ColumnMetadata getColumnMetadata(ConnectorSession session, ConnectorTableHandle table, ColumnHandle column) {
        return ((LambdaColumnHandle) column).metadata();
    }

    /**
     * Takes the part of Trino's predicate the protocol can carry into the table handle; Trino still applies all of it
     * to the rows (the connector prunes what cannot match but need not drop every row that does not).
     */
    @Override
    public Optional<ConstraintApplicationResult<ConnectorTableHandle>> applyFilter(ConnectorSession session,
                                                                                ConnectorTableHandle table,
                                                                                Constraint constraint) {
        if (!session.getProperty(PUSHDOWN_ENABLED, Boolean.class)) {
            return Optional.empty();
        }
        LambdaTableHandle handle = (LambdaTableHandle) table;
        TupleDomain<LambdaColumnHandle> pushable = constraint.getSummary()
                .transformKeys(LambdaColumnHandle.class::cast)
                .filter((column, domain) -> PushedConstraints.pushable(column.type()));
        TupleDomain<LambdaColumnHandle> combined = handle.constraint().intersect(pushable);
        if (combined.equals(handle.constraint())) {
            return Optional.empty();
        }
        return Optional.of(new ConstraintApplicationResult<>(handle.withConstraint(combined), constraint.getSummary(),
                constraint.getExpression(), false));
    }

    static Map<String, LambdaColumnHandle> columns(LambdaTableHandle table) {
        Map<String, LambdaColumnHandle> columns = new LinkedHashMap<>();
        for (Field field : table.arrowSchema().getFields()) {
            columns.put(field.getName(), new LambdaColumnHandle(field.getName(), ArrowTypes.trinoType(field)));
        }
        return columns;
    }
}
