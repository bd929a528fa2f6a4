package io.athenalake.local.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a running local system offers, written by the launcher to {@code <work-dir>/local.properties}
 * and read by the command line: endpoints, credentials, queue URLs, query-service's URL, the token keys.
 */
public record LocalState(Map<String, String> values) {

    public static final String FILE = "local.properties";

    public String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalStateException(key + " is missing from " + FILE + ": is ./run-local.sh running?");
        }
        return value;
    }

    public void write(Path workDir) throws IOException {
        Properties properties = new Properties();
        properties.putAll(values);
        Path partial = workDir.resolve(FILE + ".partial");
        try (Writer out = Files.newBufferedWriter(partial)) {
            properties.store(out, "the running athena-lake local system (./run-local.sh); read by ./athena-lake");
        }
        Files.move(partial, workDir.resolve(FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static LocalState read(Path workDir) throws IOException {
        Path file = workDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("No local system found (" + file + " is missing): start one with ./run-local.sh");
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k)));
        return new LocalState(values);
    }

    public static void delete(Path workDir) throws IOException {
        Files.deleteIfExists(workDir.resolve(FILE));
    }
}
