package io.athenalake.devstack.trino;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stack's Trino catalogs: {@code awsdatacatalog}, the lake (Hive over S3, with the devstack's Glue API as its
 * metastore, so what a crawler registers is what queries see), {@code postgresql}, the "RDS" database, {@code tpch},
 * and {@code athena_unload}, where Athena's UNLOAD writes (below).
 */
public final class TrinoCatalogs {

    /**
     * The Hive catalog that writes Athena's UNLOAD files (Trino has no UNLOAD: the emulation runs a CTAS of an external
     * table here, then drops the table). Its metastore is a local folder, so its scratch tables never show in Glue.
     */
    public static final String UNLOAD_CATALOG = "athena_unload";

    private TrinoCatalogs() {
    }

    /**
     * @param awsEndpoint the devstack's AWS endpoint, whose Glue API is the lake's metastore
     * @param s3Endpoint  the devstack's S3
     * @param postgres    the "RDS" database: its JDBC URL, user and password
     * @param unloadMetastore an existing local folder, the file metastore of {@link #UNLOAD_CATALOG}
     * @return catalog name → its properties
     */
    public static Map<String, Map<String, String>> of(String awsEndpoint, String s3Endpoint, String region,
                                                      String accessKeyId, String secretAccessKey, String lakeBucket,
                                                      Database postgres, Path unloadMetastore) {
        Map<String, String> s3 = new LinkedHashMap<>();
        s3.put("fs.native-s3.enabled", "true");
        s3.put("s3.endpoint", s3Endpoint);
        s3.put("s3.region", region);
        s3.put("s3.path-style-access", "true");
        s3.put("s3.aws-access-key", accessKeyId);
        s3.put("s3.aws-secret-key", secretAccessKey);

        Map<String, String> lake = new LinkedHashMap<>();
        lake.put("connector.name", "hive");
        // The emulated Glue API is Trino's metastore: what the crawler registers is what queries see.
        lake.put("hive.metastore", "glue");
        lake.put("hive.metastore.glue.endpoint-url", awsEndpoint);
        lake.put("hive.metastore.glue.region", region);
        lake.put("hive.metastore.glue.aws-access-key", accessKeyId);
        lake.put("hive.metastore.glue.aws-secret-key", secretAccessKey);
        lake.put("hive.metastore.glue.default-warehouse-dir", "s3://" + lakeBucket + "/warehouse");
        lake.put("hive.metastore.glue.skip-archive", "true");
        lake.put("hive.metastore.glue.partitions-segments", "1");
        lake.put("hive.table-statistics-enabled", "false");
        lake.put("hive.collect-column-statistics-on-write", "false");
        lake.put("hive.metastore-stats-cache-ttl", "0s");
        lake.put("hive.non-managed-table-writes-enabled", "true");
        lake.put("hive.storage-format", "PARQUET");
        // Athena reads every object under a table's location, sub-folders included ("Athena reads all data stored
        // in the Amazon S3 folder that you specify", tables-location-format): so does the emulation
        lake.put("hive.recursive-directories", "true");
        lake.put("hive.max-partitions-per-writers", "1000");
        lake.putAll(s3);

        Map<String, String> unload = new LinkedHashMap<>();
        unload.put("connector.name", "hive");
        unload.put("hive.metastore", "file");
        unload.put("hive.metastore.catalog.dir", "local:///");
        unload.put("fs.native-local.enabled", "true");
        unload.put("local.location", unloadMetastore.toAbsolutePath().toString());
        unload.put("hive.non-managed-table-writes-enabled", "true");
        unload.put("hive.table-statistics-enabled", "false");
        unload.put("hive.collect-column-statistics-on-write", "false");
        // Athena's limit for UNLOAD (Trino checks it per writer; the emulation checks the total after writing)
        unload.put("hive.max-partitions-per-writers", "100");
        unload.putAll(s3);

        Map<String, String> rds = new LinkedHashMap<>();
        rds.put("connector.name", "postgresql");
        rds.put("connection-url", postgres.jdbcUrl());
        rds.put("connection-user", postgres.user());
        rds.put("connection-password", postgres.password());
        rds.put("unsupported-type-handling", "CONVERT_TO_VARCHAR");

        Map<String, Map<String, String>> catalogs = new LinkedHashMap<>();
        catalogs.put("awsdatacatalog", lake);
        catalogs.put("postgresql", rds);
        // Standard TPC-H column names (n_name, l_quantity...), so TPC-H SQL runs as written.
        catalogs.put("tpch", Map.of("connector.name", "tpch", "tpch.column-naming", "STANDARD"));
        catalogs.put(UNLOAD_CATALOG, unload);
        return catalogs;
    }

    /** Where Trino's {@code postgresql} catalog connects. */
    public record Database(String jdbcUrl, String user, String password) {
    }
}
