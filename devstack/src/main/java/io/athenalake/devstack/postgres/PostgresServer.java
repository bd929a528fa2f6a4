package io.athenalake.devstack.postgres;

import io.athenalake.devstack.process.Ports;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The "RDS" PostgreSQL database: a real PostgreSQL server from the embedded binaries
 * published on Maven Central, so a fresh machine needs nothing installed.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "app";
    public static final String USER = "app";
    public static final String PASSWORD = "app-devstack";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private PostgresServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    public static PostgresServer start(Path dataDir) throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(Ports.free())
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(true)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .setLocaleConfig("locale", "C")
                .setConnectConfig("connectTimeout", "10")
                .start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
        } catch (SQLException e) {
            postgres.close();
            throw new IOException("could not prepare the devstack database: " + e.getMessage(), e);
        }
        return new PostgresServer(postgres, dataDir);
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    /** The postmaster's pid, from the first line of {@code postmaster.pid}. */
    public long pid() throws IOException {
        return Long.parseLong(java.nio.file.Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
