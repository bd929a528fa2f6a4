package io.athenalake.devstack.trino;

import io.athenalake.devstack.process.ChildProcess;
import io.athenalake.devstack.process.Folders;
import io.athenalake.devstack.process.Http;
import io.athenalake.devstack.process.JavaRuntimes;
import io.athenalake.devstack.process.Ports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Trino, the engine behind Athena engine v3, as a single-node child process on a JDK 24+.
 * Only the plugins the catalogs use are loaded (the PostgreSQL connector needs geospatial's types), which keeps start-up near ten seconds,
 * plus the devstack's own {@code athena-lambda} plugin for Athena's LAMBDA data catalogs (catalogs are dynamic).
 */
public final class TrinoServer implements AutoCloseable {

    public static final int MINIMUM_JAVA = 24;
    private static final List<String> PLUGINS = List.of("hive", "postgresql", "tpch", "geospatial");

    private final ChildProcess process;
    private final int port;

    private TrinoServer(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param catalogs     catalog name → its properties (written as {@code etc/catalog/<name>.properties})
     * @param extraPlugins plugin folders of the devstack's own (each a folder of jars, installed under its name)
     */
    public static TrinoServer start(Path serverHome, Path workDir, Map<String, Map<String, String>> catalogs,
                                    List<Path> extraPlugins, String heap) throws IOException {
        Path java = JavaRuntimes.javaExecutable(MINIMUM_JAVA);
        int port = Ports.free();
        Path etc = workDir.resolve("etc");
        Path catalogDir = etc.resolve("catalog");
        Path pluginDir = workDir.resolve("plugin");
        Path dataDir = workDir.resolve("data");
        Folders.fresh(workDir);
        Files.createDirectories(catalogDir);
        Files.createDirectories(pluginDir);
        Files.createDirectories(dataDir);
        for (String plugin : PLUGINS) {
            Files.createSymbolicLink(pluginDir.resolve(plugin), serverHome.resolve("plugin").resolve(plugin));
        }
        for (Path plugin : extraPlugins) {
            Files.createSymbolicLink(pluginDir.resolve(plugin.getFileName()), plugin.toAbsolutePath());
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("coordinator", "true");
        config.put("node-scheduler.include-coordinator", "true");
        config.put("http-server.http.port", Integer.toString(port));
        config.put("discovery.uri", "http://127.0.0.1:" + port);
        config.put("plugin.dir", pluginDir.toString());
        // CREATE CATALOG / DROP CATALOG: Athena's CreateDataCatalog and DeleteDataCatalog become Trino catalogs. The
        // file catalog store reads its folder from etc/catalog-store.properties (relative to the working folder).
        config.put("catalog.management", "dynamic");
        config.put("catalog.store", "file");
        config.put("query.max-memory", "1GB");
        config.put("query.client.timeout", "10m");
        config.put("query.max-history", "1000");
        config.put("task.concurrency", "2");
        write(etc.resolve("config.properties"), config);
        write(etc.resolve("catalog-store.properties"), Map.of("catalog.config-dir", catalogDir.toString()));
        write(etc.resolve("log.properties"), Map.of("io.trino", "WARN", "io.trino.server.Server", "INFO"));
        for (var catalog : catalogs.entrySet()) {
            write(catalogDir.resolve(catalog.getKey() + ".properties"), catalog.getValue());
        }
        List<String> command = new ArrayList<>(List.of(java.toString(),
                "-Xmx" + heap, "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-XX:ReservedCodeCacheSize=256M",
                "-Djdk.attach.allowAttachSelf=true", "-Djdk.nio.maxCachedBufferSize=2000000",
                // Athena runs in UTC: INT96 timestamps (read in the JVM's zone) and current_timezone() follow it.
                "-Duser.timezone=UTC",
                "--enable-native-access=ALL-UNNAMED",
                // Arrow (the federation protocol's data, in the athena-lambda plugin) reads direct buffers' addresses.
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-Dconfig=" + etc.resolve("config.properties"),
                "-Dlog.levels-file=" + etc.resolve("log.properties"),
                "-Dnode.environment=devstack", "-Dnode.id=devstack", "-Dnode.data-dir=" + dataDir,
                "-cp", serverHome.resolve("lib") + "/*",
                "io.trino.server.TrinoServer"));
        ChildProcess process = ChildProcess.start("trino", command, workDir, workDir.resolve("trino.log"), Map.of());
        TrinoServer server = new TrinoServer(process, port);
        process.awaitReady(server::started, Duration.ofMinutes(3));
        process.awaitReady(server::schedulesWork, Duration.ofMinutes(1));
        return server;
    }

    private boolean started() {
        return Http.okBody("http://127.0.0.1:" + port + "/v1/info").filter(body -> body.contains("\"starting\":false")).isPresent();
    }

    /** True once a query can be scheduled: the coordinator has announced itself as a worker. */
    private boolean schedulesWork() {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", "devstack");
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(jdbcUrl(), properties);
             java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet rows = statement.executeQuery("SELECT count(*) FROM tpch.tiny.region")) {
            return rows.next() && rows.getLong(1) == 5;
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    private static void write(Path file, Map<String, String> properties) throws IOException {
        Files.writeString(file, properties.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n")));
    }

    public String jdbcUrl() {
        return "jdbc:trino://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }
}
