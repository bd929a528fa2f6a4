package io.athenalake.query;

import io.athenalake.devstack.DevStack;
import io.athenalake.devstack.DevStackEndpoints;
import io.athenalake.query.rest.Roles;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.math.BigDecimal;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/** Tokens, REST requests and direct clients of the devstack, for tests. */
public final class TestSupport {

    public static final String ISSUER = "https://athenalake.test/issuer";

    private TestSupport() {
    }

    public static String token(String... roles) {
        return Jwt.issuer(ISSUER).upn("test-user").groups(Set.of(roles)).expiresIn(3600).sign();
    }

    /** A token of the user with this subject. */
    public static String tokenOf(String subject, String... roles) {
        return Jwt.issuer(ISSUER).subject(subject).upn(subject + "@athenalake.test").groups(Set.of(roles))
                .expiresIn(3600).sign();
    }

    /** A request with a token holding both roles. */
    public static RequestSpecification api() {
        return RestAssured.given().auth().oauth2(token(Roles.RUNNER, Roles.READER));
    }

    /** A request of the user with this subject, holding both roles. */
    public static RequestSpecification as(String subject) {
        return RestAssured.given().auth().oauth2(tokenOf(subject, Roles.RUNNER, Roles.READER));
    }

    /** A request with a token that may also read every query (queued and scheduled ones belong to their source). */
    public static RequestSpecification admin() {
        return RestAssured.given().auth().oauth2(tokenOf("operator", Roles.RUNNER, Roles.READER, Roles.ADMIN));
    }

    public static DevStackEndpoints stack() {
        return DevStack.shared();
    }

    public static AthenaClient athena() {
        return AthenaClient.builder().endpointOverride(URI.create(stack().awsEndpoint())).region(Region.of(stack().region()))
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    public static S3Client s3() {
        return S3Client.builder().endpointOverride(URI.create(stack().s3Endpoint())).region(Region.of(stack().region()))
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).forcePathStyle(true).build();
    }

    public static SqsClient sqs() {
        return SqsClient.builder().endpointOverride(URI.create(stack().sqsEndpoint())).region(Region.of(stack().region()))
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(stack().accessKeyId(), stack().secretAccessKey()));
    }

    /** The rows Trino itself answers, each value normalized as {@link #normalize(Object)}. */
    public static List<List<String>> trinoRows(String sql, Object... parameters) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "test");
        try (Connection connection = DriverManager.getConnection(stack().trinoJdbcUrl(), properties);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet resultSet = statement.executeQuery()) {
                List<List<String>> rows = new ArrayList<>();
                int columns = resultSet.getMetaData().getColumnCount();
                while (resultSet.next()) {
                    List<String> row = new ArrayList<>(columns);
                    for (int i = 1; i <= columns; i++) {
                        row.add(normalize(resultSet.getObject(i)));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    /** Numbers by value (so 1, 1.0 and 1.00 agree), everything else as text. */
    public static String normalize(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }
}
