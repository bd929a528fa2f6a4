package io.athenalake.devstack.athena;

import com.fasterxml.jackson.databind.JsonNode;
import io.athenalake.devstack.athena.AthenaShapes.CreateDataCatalogResponse;
import io.athenalake.devstack.athena.AthenaShapes.DataCatalogShape;
import io.athenalake.devstack.athena.AthenaShapes.DataCatalogSummary;
import io.athenalake.devstack.athena.AthenaShapes.DeleteDataCatalogResponse;
import io.athenalake.devstack.athena.AthenaShapes.GetDataCatalogResponse;
import io.athenalake.devstack.athena.AthenaShapes.ListDataCatalogsResponse;
import io.athenalake.devstack.aws.AwsJson;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static io.athenalake.devstack.athena.AthenaRequests.INVALID;
import static io.athenalake.devstack.athena.AthenaRequests.invalid;

/**
 * Athena's data catalogs — ListDataCatalogs, GetDataCatalog, CreateDataCatalog, DeleteDataCatalog: the stack's own
 * (which cannot be deleted) and the {@code LAMBDA} catalogs created through the API, each a Trino catalog of the
 * devstack's {@code athena_lambda} connector ({@link LambdaCatalogs}).
 */
public final class DataCatalogs {

    /** A catalog name as a query's context names it (Athena checks the created ones' names more strictly). */
    static final Pattern NAME = Pattern.compile("[\\w@-]{1,256}");

    private final Map<String, DataCatalogShape> dataCatalogs = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Set<String> builtIn;
    private final LambdaCatalogs lambdaCatalogs;

    /**
     * @param builtIn        the Athena data catalogs the stack offers (name → catalog)
     * @param lambdaCatalogs creates and drops the Trino catalogs behind CreateDataCatalog / DeleteDataCatalog
     */
    DataCatalogs(List<DataCatalogShape> builtIn, LambdaCatalogs lambdaCatalogs) {
        this.lambdaCatalogs = lambdaCatalogs;
        builtIn.forEach(catalog -> this.dataCatalogs.put(catalog.name(), catalog));
        this.builtIn = Set.copyOf(this.dataCatalogs.keySet());
    }

    /** A Glue-backed catalog, as Athena shows {@code AwsDataCatalog}. */
    public static DataCatalogShape glueCatalog(String name, String accountId) {
        return new DataCatalogShape(name, "The AWS Glue Data Catalog (devstack)", "GLUE", Map.of("catalog-id", accountId),
                null);
    }

    /** A federated catalog behind a connector Lambda. */
    public static DataCatalogShape lambdaCatalog(String name, String description, String functionArn) {
        return new DataCatalogShape(name, description, "LAMBDA", Map.of("function", functionArn), null);
    }

    GetDataCatalogResponse get(JsonNode request) {
        return new GetDataCatalogResponse(dataCatalog(AwsJson.requiredText(request, "Name", INVALID)));
    }

    ListDataCatalogsResponse list() {
        return new ListDataCatalogsResponse(dataCatalogs.values().stream()
                .map(c -> new DataCatalogSummary(c.name(), c.type(), null)).toList());
    }

    /** A LAMBDA catalog becomes a Trino catalog of the devstack's athena_lambda connector, which calls the function. */
    CreateDataCatalogResponse create(JsonNode request) {
        String name = AwsJson.requiredText(request, "Name", INVALID);
        if (!NAME.matcher(name).matches() || name.length() > 127) {
            throw invalid("Catalog name '" + name + "' must be 1 to 127 characters of letters, digits, '_', '@' and '-'");
        }
        String type = AwsJson.requiredText(request, "Type", INVALID);
        if (!"LAMBDA".equals(type)) {
            throw invalid("The devstack creates LAMBDA data catalogs only, not " + type);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        AwsJson.object(request, "Parameters", INVALID).fields()
                .forEachRemaining(e -> parameters.put(e.getKey(), e.getValue().asText()));
        String description = AwsJson.optionalText(request, "Description", INVALID).orElse(null);
        DataCatalogShape catalog = new DataCatalogShape(name, description, type, Map.copyOf(parameters), "CREATE_COMPLETE");
        synchronized (dataCatalogs) {
            if (dataCatalogs.keySet().stream().anyMatch(existing -> existing.equalsIgnoreCase(name))) {
                throw invalid("DataCatalog " + name + " already exists");
            }
            lambdaCatalogs.create(name, parameters);
            dataCatalogs.put(name, catalog);
        }
        return new CreateDataCatalogResponse(catalog);
    }

    DeleteDataCatalogResponse delete(JsonNode request) {
        String name = AwsJson.requiredText(request, "Name", INVALID);
        synchronized (dataCatalogs) {
            DataCatalogShape catalog = dataCatalog(name);
            if (builtIn.contains(catalog.name())) {
                throw invalid("DataCatalog " + name + " belongs to the devstack and cannot be deleted");
            }
            lambdaCatalogs.drop(catalog.name());
            dataCatalogs.remove(catalog.name());
            return new DeleteDataCatalogResponse(new DataCatalogShape(catalog.name(), catalog.description(), catalog.type(),
                    catalog.parameters(), "DELETE_COMPLETE"));
        }
    }

    private DataCatalogShape dataCatalog(String name) {
        DataCatalogShape catalog = dataCatalogs.get(name);
        if (catalog == null) {
            throw invalid("Catalog " + name + " was not found.");
        }
        return catalog;
    }
}
