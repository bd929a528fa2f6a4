package io.athenalake.devstack.trino;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;

/**
 * The devstack's own Trino plugins ({@code athena-lambda}), packaged beside the launcher in {@code dist/trino-plugins}
 * (or {@code -Ddevstack.trino-plugins-dir}).
 */
public final class DevStackPlugins {

    /** Overrides where the devstack's own Trino plugins are. */
    public static final String PROPERTY = "devstack.trino-plugins-dir";

    private static final Logger LOG = Logger.getLogger(DevStackPlugins.class.getName());

    private DevStackPlugins() {
    }

    /** Each plugin's folder; none when the devstack runs from a build that lacks them. */
    public static List<Path> folders() {
        Path folder;
        String configured = System.getProperty(PROPERTY);
        if (configured != null) {
            folder = Path.of(configured);
        } else {
            try {
                Path code = Path.of(DevStackPlugins.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                // dist/devstack.jar → dist/trino-plugins; target/classes (tests, benchmarks) → target/dist/trino-plugins
                folder = Files.isRegularFile(code) ? code.resolveSibling("trino-plugins")
                        : code.resolveSibling("dist").resolve("trino-plugins");
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        if (!Files.isDirectory(folder)) {
            LOG.warning("No devstack Trino plugins at " + folder + ": Athena's CreateDataCatalog (LAMBDA) will fail."
                    + " Build the devstack with Maven (mvn -pl devstack -am package).");
            return List.of();
        }
        try (var plugins = Files.list(folder)) {
            return plugins.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
