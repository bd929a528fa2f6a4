package io.athenalake.connector;

import com.amazonaws.athena.connector.lambda.data.BlockAllocatorImpl;
import com.amazonaws.athena.connector.lambda.domain.Split;
import com.amazonaws.athena.connector.lambda.domain.TableName;
import com.amazonaws.athena.connector.lambda.domain.predicate.Constraints;
import com.amazonaws.athena.connector.lambda.exceptions.AthenaConnectorException;
import com.amazonaws.athena.connector.lambda.metadata.GetSplitsRequest;
import com.amazonaws.athena.connector.lambda.metadata.GetSplitsResponse;
import com.amazonaws.athena.connector.lambda.metadata.GetTableLayoutRequest;
import com.amazonaws.athena.connector.lambda.metadata.GetTableLayoutResponse;
import com.amazonaws.athena.connector.lambda.metadata.GetTableRequest;
import com.amazonaws.athena.connector.lambda.metadata.GetTableResponse;
import com.amazonaws.athena.connector.lambda.metadata.ListSchemasRequest;
import com.amazonaws.athena.connector.lambda.metadata.ListSchemasResponse;
import com.amazonaws.athena.connector.lambda.metadata.ListTablesRequest;
import com.amazonaws.athena.connector.lambda.metadata.ListTablesResponse;
import com.amazonaws.athena.connector.lambda.records.ReadRecordsRequest;
import com.amazonaws.athena.connector.lambda.records.RecordResponse;
import com.amazonaws.athena.connector.lambda.request.PingRequest;
import com.amazonaws.athena.connector.lambda.request.PingResponse;
import com.sun.net.httpserver.HttpServer;
import io.athenalake.connector.config.ConnectorSettings;
import io.athenalake.connector.lambda.ConnectorComponents;
import io.athenalake.connector.testing.Federation;
import io.athenalake.connector.testing.Lake;
import io.athenalake.connector.testing.Wire;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Every bad input the issue lists, each answered with an error Athena can show: what went wrong and where. */
class BadInputIT {

    static final MessageType INTS = MessageTypeParser.parseMessageType("message t { required int32 id; }");
    static final MessageType STRINGS = MessageTypeParser.parseMessageType("message t { required binary id (STRING); }");

    static Lake lake;
    static String database;
    static BlockAllocatorImpl allocator;
    static Wire wire;

    @BeforeAll
    static void writeBadData() throws Exception {
        lake = new Lake();
        database = lake.database("bad");
        SimpleGroupFactory ints = new SimpleGroupFactory(INTS);
        lake.parquet(database, "t/with_text/part-0.parquet", INTS, List.of(ints.newGroup().append("id", 1)));
        lake.put(database, "t/with_text/notes.txt", "this is not parquet".getBytes(StandardCharsets.UTF_8));
        lake.put(database, "t/empty/_SUCCESS", new byte[0]);
        lake.put(database, "t/only_marker/", new byte[0]);
        lake.parquet(database, "t/mixed/a.parquet", INTS, List.of(ints.newGroup().append("id", 1)));
        lake.parquet(database, "t/mixed/b.parquet", STRINGS, List.of(new SimpleGroupFactory(STRINGS).newGroup().append("id", "x")));
        lake.parquet(database, "t/Dup/a.parquet", INTS, List.of(ints.newGroup().append("id", 1)));
        lake.parquet(database, "t/dup/a.parquet", INTS, List.of(ints.newGroup().append("id", 1)));
        // a file with a valid footer whose data pages are overwritten
        Path file = Lake.writeLocal(INTS, java.util.stream.IntStream.range(0, 1000).mapToObj(i -> ints.newGroup().append("id", i)).toList(), b -> { });
        byte[] bytes = Files.readAllBytes(file);
        Files.delete(file);
        for (int i = 4; i < Math.min(bytes.length / 2, 400); i++) {
            bytes[i] = (byte) 0xFF;
        }
        lake.put(database, "t/corrupt/part-0.parquet", bytes);
        allocator = new BlockAllocatorImpl();
        wire = new Wire(ConnectorComponents.create(lake.settings("t")), allocator);
    }

    @AfterAll
    static void close() {
        allocator.close();
    }

    @Test
    void aNonParquetObjectInATableFolderIsNamed() {
        assertThat(error(() -> getTable("with_text")))
                .hasMessage("s3://" + database + "/t/with_text/notes.txt cannot be read as parquet: it is not a parquet file "
                        + "(no PAR1 magic bytes at its end). Remove it from the table folder or replace it with a valid parquet file.");
    }

    @Test
    void corruptDataPagesAreReportedWithTheFileNotAStackTrace() {
        GetTableResponse table = getTable("corrupt");
        Constraints none = new Constraints(Map.of(), List.of(), List.of(), Constraints.DEFAULT_NO_LIMIT, Map.of(), null);
        GetTableLayoutResponse layout = wire.call(new GetTableLayoutRequest(Federation.IDENTITY, "q", Federation.CATALOG,
                table.getTableName(), none, table.getSchema(), table.getPartitionColumns()), GetTableLayoutResponse.class);
        GetSplitsResponse splits = wire.call(new GetSplitsRequest(Federation.IDENTITY, "q", Federation.CATALOG, table.getTableName(),
                layout.getPartitions(), new ArrayList<>(table.getPartitionColumns()), none, null), GetSplitsResponse.class);
        Split split = splits.getSplits().iterator().next();
        assertThat(error(() -> wire.call(new ReadRecordsRequest(Federation.IDENTITY, Federation.CATALOG, "q", table.getTableName(),
                table.getSchema(), split, none, 1 << 24, 1 << 22), RecordResponse.class)))
                .hasMessageStartingWith("s3://" + database + "/t/corrupt/part-0.parquet cannot be read as parquet: ");
    }

    @Test
    void anEmptyTableFolderSaysSo() {
        assertThat(error(() -> getTable("empty")))
                .hasMessage("The table folder s3://" + database + "/t/empty/ holds no data files: write parquet files into it "
                        + "(or remove the empty folder).");
    }

    @Test
    void filesThatDisagreeOnAColumnTypeAreBothNamed() {
        assertThat(error(() -> getTable("mixed")))
                .hasMessageContaining("disagree on column 'id'")
                .hasMessageContaining("s3://" + database + "/t/mixed/a.parquet")
                .hasMessageContaining("s3://" + database + "/t/mixed/b.parquet");
    }

    @Test
    void foldersCollidingInLowerCaseAreListedOnceAndReported() {
        ListTablesResponse tables = wire.call(new ListTablesRequest(Federation.IDENTITY, "q", Federation.CATALOG, database, null, -1),
                ListTablesResponse.class);
        assertThat(tables.getTables()).extracting(TableName::getTableName).containsOnlyOnce("dup");
        assertThat(error(() -> getTable("dup"))).hasMessageContaining("'Dup', 'dup' differ only in case");
    }

    @Test
    void aMissingSecretIsNamed() {
        Wire noSecret = connector(lake.settings("t", "does/not/exist", Optional.empty(), true));
        assertThat(error(() -> noSecret.call(new ListSchemasRequest(Federation.IDENTITY, "q", Federation.CATALOG), ListSchemasResponse.class)))
                .hasMessageStartingWith("The Secrets Manager secret 'does/not/exist' (AWS_SECRET) does not exist");
    }

    @Test
    void anUnreachableEndpointFailsFastWithTheEndpoint() {
        String secret = lake.secretName + "unreachable";
        lake.createSecret(secret, "{\"access_key\":\"a\",\"secret_key\":\"b\",\"server\":\"127.0.0.1:1\"}");
        Wire unreachable = connector(lake.settings("t", secret, Optional.empty(), true));
        Throwable error = assertTimeoutPreemptively(Duration.ofSeconds(90), () -> error(() ->
                unreachable.call(new ListSchemasRequest(Federation.IDENTITY, "q", Federation.CATALOG), ListSchemasResponse.class)));
        assertThat(error).hasMessageStartingWith("Cannot reach the object store at http://127.0.0.1:1 (server in secret '" + secret + "'");
    }

    @Test
    void wrongCredentialsAreReportedAsSuch() throws Exception {
        // S3Mock accepts any key, so a MinIO-like endpoint answers as MinIO does to an unknown access key
        HttpServer minio = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        minio.createContext("/", exchange -> {
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InvalidAccessKeyId</Code><Message>The Access Key Id "
                    + "you provided does not exist in our records.</Message></Error>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(403, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        minio.start();
        try {
            String secret = lake.secretName + "wrong-keys";
            lake.createSecret(secret, "{\"access_key\":\"wrong\",\"secret_key\":\"wrong\",\"server\":\"127.0.0.1:"
                    + minio.getAddress().getPort() + "\"}");
            Wire rejected = connector(lake.settings("t", secret, Optional.empty(), true));
            assertThat(error(() -> rejected.call(new ListSchemasRequest(Federation.IDENTITY, "q", Federation.CATALOG), ListSchemasResponse.class)))
                    .hasMessageContaining("rejected the credentials in secret '" + secret + "' (InvalidAccessKeyId) while listing buckets")
                    .hasMessageContaining("Check its access_key and secret_key");
        } finally {
            minio.stop(0);
        }
    }

    @Test
    void aMissingSpillBucketFailsThePingAndTheSplitsWithTheSetting() {
        ConnectorSettings settings = lake.settings("t");
        ConnectorSettings noSpill = new ConnectorSettings(settings.secretName(), settings.secretTtl(), settings.region(),
                lake.prefix + "no-such-spill", settings.spillPrefix(), Optional.empty(), true, settings.bucketPrefix(), "t",
                settings.scheme(), settings.secretsManagerEndpoint(), settings.spillS3Endpoint(), Optional.empty(),
                settings.athenaEndpoint(), settings.splitTargetBytes(), settings.maxSplitsPerResponse(),
                settings.storageConnectTimeout(), settings.storageRequestTimeout());
        Wire connector = connector(noSpill);
        assertThat(error(() -> connector.call(new PingRequest(Federation.IDENTITY, Federation.CATALOG, "q"), PingResponse.class)))
                .hasMessageStartingWith("The spill bucket '" + lake.prefix + "no-such-spill' (spill_bucket / TARGET_BUCKET) does not exist.");
    }

    private static Wire connector(ConnectorSettings settings) {
        return new Wire(ConnectorComponents.create(settings), allocator);
    }

    private static GetTableResponse getTable(String table) {
        return wire.call(new GetTableRequest(Federation.IDENTITY, "q", Federation.CATALOG, new TableName(database, table), Map.of()),
                GetTableResponse.class);
    }

    private static Throwable error(ThrowingCallable call) {
        Throwable error = catchThrowable(call);
        assertThat(error).as("an error for Athena").isInstanceOf(AthenaConnectorException.class);
        assertThat(error.getMessage()).doesNotContain("\tat ").doesNotContain("Exception:");
        return error;
    }
}
