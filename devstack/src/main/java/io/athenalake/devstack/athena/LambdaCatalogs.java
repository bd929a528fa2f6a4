package io.athenalake.devstack.athena;

import io.athenalake.devstack.aws.AwsException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static io.athenalake.devstack.athena.AthenaRequests.invalid;

/**
 * Athena's {@code LAMBDA} data catalogs as Trino catalogs of the devstack's {@code athena_lambda} connector, which
 * calls the catalog's connector Lambda (hosted by the devstack's Lambda emulation) over the federation protocol —
 * as Athena's own engine does. Created and dropped with {@code CREATE CATALOG} / {@code DROP CATALOG}.
 */
public final class LambdaCatalogs {

    static final String CONNECTOR = "athena_lambda";

    private final String trinoJdbcUrl;
    private final Map<String, String> endpointProperties;

    /**
     * @param lambdaEndpoint where the connector's Lambda API answers (the devstack's AWS endpoint)
     * @param s3Endpoint     where spilled blocks are read (the devstack's S3)
     */
    public LambdaCatalogs(String trinoJdbcUrl, String lambdaEndpoint, String s3Endpoint, String region, String accessKey,
                          String secretKey, String accountId) {
        this.trinoJdbcUrl = trinoJdbcUrl;
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("lambda.endpoint", lambdaEndpoint);
        properties.put("spill.s3-endpoint", s3Endpoint);
        properties.put("aws.region", region);
        properties.put("aws.access-key", accessKey);
        properties.put("aws.secret-key", secretKey);
        properties.put("aws.account-id", accountId);
        this.endpointProperties = Map.copyOf(properties);
    }

    /**
     * Creates the Trino catalog for a LAMBDA data catalog: {@code function}, or {@code metadata-function} and
     * {@code record-function}, as Athena's parameters name them.
     */
    void create(String name, Map<String, String> parameters) {
        Map<String, String> properties = new LinkedHashMap<>();
        String function = parameters.get("function");
        String metadata = parameters.get("metadata-function");
        String record = parameters.get("record-function");
        if (function != null && (metadata != null || record != null)) {
            throw invalid("Specify either 'function' or both 'metadata-function' and 'record-function', not both");
        }
        if (function != null) {
            properties.put("lambda.function", function);
        } else if (metadata != null && record != null) {
            properties.put("lambda.metadata-function", metadata);
            properties.put("lambda.record-function", record);
        } else {
            throw invalid("A LAMBDA data catalog needs the parameter 'function' (or 'metadata-function' and 'record-function')");
        }
        properties.putAll(endpointProperties);
        String with = properties.entrySet().stream()
                .map(e -> quoteIdentifier(e.getKey()) + " = " + quoteLiteral(e.getValue()))
                .collect(Collectors.joining(", "));
        execute("CREATE CATALOG " + quoteIdentifier(trinoName(name)) + " USING " + CONNECTOR + " WITH (" + with + ")");
    }

    void drop(String name) {
        execute("DROP CATALOG IF EXISTS " + quoteIdentifier(trinoName(name)));
    }

    static String trinoName(String athenaName) {
        return athenaName.toLowerCase(Locale.ROOT);
    }

    private void execute(String sql) {
        Properties properties = new Properties();
        properties.setProperty("user", "athena-devstack");
        try (Connection connection = DriverManager.getConnection(trinoJdbcUrl, properties);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new AwsException("InternalServerException", "The devstack could not change its Trino catalogs: "
                    + e.getMessage(), 500);
        }
    }

    private static String quoteIdentifier(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
