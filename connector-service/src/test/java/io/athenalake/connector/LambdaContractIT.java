package io.athenalake.connector;

import com.amazonaws.athena.connector.lambda.data.BlockAllocatorImpl;
import com.amazonaws.athena.connector.lambda.domain.TableName;
import com.amazonaws.athena.connector.lambda.metadata.GetDataSourceCapabilitiesRequest;
import com.amazonaws.athena.connector.lambda.metadata.GetDataSourceCapabilitiesResponse;
import com.amazonaws.athena.connector.lambda.metadata.GetTableRequest;
import com.amazonaws.athena.connector.lambda.metadata.GetTableResponse;
import com.amazonaws.athena.connector.lambda.metadata.ListSchemasRequest;
import com.amazonaws.athena.connector.lambda.metadata.ListSchemasResponse;
import com.amazonaws.athena.connector.lambda.request.FederationRequest;
import com.amazonaws.athena.connector.lambda.request.PingResponse;
import io.athenalake.connector.testing.ContractLake;
import io.athenalake.connector.testing.Federation;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lambda entry point as Athena calls it: federation requests in the SDK's JSON wire format are posted to
 * the Quarkus Lambda runtime (its mock event server), and the answers are parsed back with the SDK's serde.
 */
@QuarkusTest
@QuarkusTestResource(value = ContractLake.class, restrictToAnnotatedClass = true)
class LambdaContractIT {

    @ConfigProperty(name = "quarkus.lambda.mock-event-server.test-port")
    int port;

    BlockAllocatorImpl allocator;
    Federation serde;

    @BeforeEach
    void serde() {
        allocator = new BlockAllocatorImpl();
        serde = new Federation(allocator);
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    @Test
    void answersAPingInTheWireFormat() throws IOException {
        byte[] request;
        try (InputStream json = getClass().getResourceAsStream("/wire/PingRequest.json")) {
            request = json.readAllBytes();
        }
        Response response = invoke(request);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.asString()).contains("\"@type\":\"PingResponse\"").contains("\"sourceType\":\"minio\"");
        PingResponse ping = serde.response(response.asByteArray(), PingResponse.class);
        assertThat(ping.getCatalogName()).isEqualTo("minio");
        assertThat(ping.getQueryId()).isEqualTo("contract-ping");
    }

    @Test
    void listsSchemasAndDescribesATable() {
        ListSchemasResponse schemas = call(new ListSchemasRequest(Federation.IDENTITY, "contract-1", Federation.CATALOG), ListSchemasResponse.class);
        assertThat(schemas.getSchemas()).contains(ContractLake.database);

        GetTableResponse table = call(new GetTableRequest(Federation.IDENTITY, "contract-2", Federation.CATALOG,
                new TableName(ContractLake.database, "cities"), Map.of()), GetTableResponse.class);
        assertThat(table.getTableName().getTableName()).isEqualTo("cities");
        assertThat(table.getSchema().getFields()).extracting(Field::getName).containsExactly("id", "name");
        assertThat(table.getSchema().findField("id").getType()).isEqualTo(new ArrowType.Int(32, true));
        assertThat(table.getSchema().findField("name").getType()).isEqualTo(ArrowType.Utf8.INSTANCE);
    }

    @Test
    void advertisesOnlyTheOptimizationsItApplies() {
        GetDataSourceCapabilitiesResponse capabilities = call(new GetDataSourceCapabilitiesRequest(Federation.IDENTITY, "contract-3",
                Federation.CATALOG), GetDataSourceCapabilitiesResponse.class);
        assertThat(capabilities.getCapabilities()).containsOnlyKeys("supports_filter_pushdown", "supports_limit_pushdown");
    }

    @Test
    void answersAnErrorAthenaCanShow() {
        Response response = invoke(serde.json(new GetTableRequest(Federation.IDENTITY, "contract-4", Federation.CATALOG,
                new TableName(ContractLake.database, "nope"), Map.of())));
        assertThat(response.statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(response.asString())
                .contains("No table 'nope' in s3://" + ContractLake.database + "/tables/")
                .doesNotContain("\tat ");
    }

    private <T extends com.amazonaws.athena.connector.lambda.request.FederationResponse> T call(FederationRequest request, Class<T> type) {
        Response response = invoke(serde.json(request));
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return serde.response(response.asByteArray(), type);
    }

    private Response invoke(byte[] json) {
        return given().port(port).contentType("application/json").body(json).when().post("/");
    }
}
