package io.athenalake.local.sample;

import io.athenalake.devstack.DevStackEndpoints;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The sample data of the local run, made anew at every start:
 * <ul>
 *   <li>the "RDS" database ({@code app} on instance {@code app-db}): schema {@value #SCHEMA} with related
 *       tables {@code customers}, {@code orders} and {@code order_items};</li>
 *   <li>the "MinIO" bucket {@value #MINIO_BUCKET}: parquet tables under {@value #MINIO_TABLES_PATH},
 *       {@code products} and {@code web_events}, the latter partitioned in {@code event_date=<day>} folders.</li>
 * </ul>
 * The parquet files are written by the devstack's Trino (CTAS into an external location), as the devstack's
 * own RDS export writes them.
 */
public final class SampleData {

    public static final String SCHEMA = "shop";
    public static final String MINIO_BUCKET = "minio-sales";
    public static final String MINIO_TABLES_PATH = "tables/";
    public static final List<String> TABLES = List.of("customers", "orders", "order_items");

    private static final List<String> POSTGRES = List.of(
            "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE",
            "CREATE SCHEMA " + SCHEMA,
            """
            CREATE TABLE shop.customers (
                customer_id  integer PRIMARY KEY,
                name         text NOT NULL,
                email        text NOT NULL,
                country      text NOT NULL,
                signed_up_on date NOT NULL)""",
            """
            CREATE TABLE shop.orders (
                order_id    integer PRIMARY KEY,
                customer_id integer NOT NULL REFERENCES shop.customers,
                ordered_on  date NOT NULL,
                status      text NOT NULL)""",
            """
            CREATE TABLE shop.order_items (
                order_id    integer NOT NULL REFERENCES shop.orders,
                line_no     integer NOT NULL,
                product_sku text NOT NULL,
                quantity    integer NOT NULL,
                unit_price  numeric(10,2) NOT NULL,
                PRIMARY KEY (order_id, line_no))""",
            """
            INSERT INTO shop.customers
            SELECT g, 'Customer ' || g, 'customer' || g || '@example.com',
                   (ARRAY['DE','FR','US','JP','BR'])[1 + g % 5], DATE '2024-01-01' + g
            FROM generate_series(1, 200) AS g""",
            "INSERT INTO shop.orders " + orders(1, 1000),
            "INSERT INTO shop.order_items " + orderItems(1, 1000));

    private SampleData() {
    }

    /** The SELECT that makes orders {@code first..last} (customers 1–200), for the sample and for later additions. */
    public static String orders(int first, int last) {
        return "SELECT g, 1 + (g * 7) % 200, DATE '2026-01-01' + (g % 300), "
                + "(ARRAY['new','paid','shipped','delivered'])[1 + g % 4] FROM generate_series(" + first + ", " + last + ") AS g";
    }

    /** The SELECT that makes 1–4 lines for each of orders {@code first..last}. */
    public static String orderItems(int first, int last) {
        return "SELECT o, l, 'SKU-' || lpad(((o * 13 + l) % 50)::text, 3, '0'), 1 + (o + l) % 5, "
                + "((o * 31 + l * 17) % 10000) / 100.0 + 1 FROM generate_series(" + first + ", " + last + ") AS o, "
                + "generate_series(1, 1 + o % 4) AS l";
    }

    /** Loads both; returns what was loaded, for the banner (table → rows). */
    public static Map<String, Long> load(DevStackEndpoints stack, S3Client s3) throws SQLException {
        Map<String, Long> loaded = new LinkedHashMap<>();
        try (Connection postgres = DriverManager.getConnection(stack.postgresJdbcUrl(), stack.postgresUser(),
                stack.postgresPassword()); Statement statement = postgres.createStatement()) {
            for (String sql : POSTGRES) {
                statement.execute(sql);
            }
            for (String table : TABLES) {
                try (ResultSet count = statement.executeQuery("SELECT count(*) FROM " + SCHEMA + "." + table)) {
                    count.next();
                    loaded.put("postgresql " + SCHEMA + "." + table, count.getLong(1));
                }
            }
        }
        loaded.putAll(loadMinio(stack, s3));
        return loaded;
    }

    private static Map<String, Long> loadMinio(DevStackEndpoints stack, S3Client s3) throws SQLException {
        try {
            s3.createBucket(b -> b.bucket(MINIO_BUCKET));
        } catch (BucketAlreadyOwnedByYouException e) {
            // a restart on the same devstack: the tables are written again below
        }
        Map<String, Long> loaded = new LinkedHashMap<>();
        try (Connection trino = DriverManager.getConnection(stack.trinoJdbcUrl(), "athena-lake", null);
             Statement statement = trino.createStatement()) {
            loaded.put(minio("products"), writeParquet(s3, statement, "products", "", """
                    SELECT 'SKU-' || lpad(CAST(n AS varchar), 3, '0') AS sku, 'Product ' || CAST(n AS varchar) AS name,
                           CAST(5 + (n * 37) % 200 AS decimal(10,2)) AS list_price,
                           element_at(ARRAY['books','garden','kitchen','toys'], 1 + n % 4) AS category
                    FROM UNNEST(sequence(0, 49)) AS t(n)"""));
            loaded.put(minio("web_events") + " (partitioned by event_date)", writeParquet(s3, statement, "web_events",
                    ", partitioned_by = ARRAY['event_date']", """
                    SELECT CAST(n AS bigint) AS event_id, 1 + n % 200 AS customer_id,
                           'SKU-' || lpad(CAST(n % 50 AS varchar), 3, '0') AS sku,
                           element_at(ARRAY['view','view','view','cart','buy'], 1 + n % 5) AS action,
                           CAST(date_add('day', n % 5, DATE '2026-11-01') AS varchar) AS event_date
                    FROM UNNEST(sequence(1, 5000)) AS t(n)"""));
        }
        return loaded;
    }

    private static String minio(String table) {
        return "minio s3://" + MINIO_BUCKET + "/" + MINIO_TABLES_PATH + table + "/";
    }

    /** Replaces the folder's objects with the rows of {@code select} as parquet; returns the row count. */
    private static long writeParquet(S3Client s3, Statement trino, String table, String properties, String select)
            throws SQLException {
        String prefix = MINIO_TABLES_PATH + table + "/";
        List<ObjectIdentifier> old = s3.listObjectsV2Paginator(b -> b.bucket(MINIO_BUCKET).prefix(prefix)).contents()
                .stream().map(S3Object::key).map(k -> ObjectIdentifier.builder().key(k).build()).toList();
        for (int i = 0; i < old.size(); i += 1000) {
            List<ObjectIdentifier> batch = old.subList(i, Math.min(old.size(), i + 1000));
            s3.deleteObjects(b -> b.bucket(MINIO_BUCKET).delete(d -> d.objects(batch)));
        }
        // a throw-away external table in Glue's default database: dropping it leaves the files
        String scratch = "awsdatacatalog.\"default\".local_sample_" + UUID.randomUUID().toString().replace("-", "");
        long rows = trino.executeUpdate("CREATE TABLE " + scratch + " WITH (format = 'PARQUET', external_location = 's3://"
                + MINIO_BUCKET + "/" + prefix + "'" + properties + ") AS " + select);
        trino.execute("DROP TABLE " + scratch);
        return rows;
    }
}
