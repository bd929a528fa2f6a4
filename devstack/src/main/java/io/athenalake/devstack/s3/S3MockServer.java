package io.athenalake.devstack.s3;

import io.athenalake.devstack.process.ChildProcess;
import io.athenalake.devstack.process.Folders;
import io.athenalake.devstack.process.Http;
import io.athenalake.devstack.process.Ports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** S3 (and the MinIO role): Adobe S3Mock's executable jar as a child process. */
public final class S3MockServer implements AutoCloseable {

    private final ChildProcess process;
    private final int port;

    private S3MockServer(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static S3MockServer start(Path jar, int port, Path dataDir, Path logFile) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Mock jar not found at " + jar
                    + ": build the devstack with Maven first (mvn -pl devstack -am package).");
        }
        Folders.fresh(dataDir);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString(),
                "--http.port=" + port,
                "--server.port=" + Ports.free(),
                "--server.address=127.0.0.1",
                "--com.adobe.testing.s3mock.store.root=" + dataDir,
                "--com.adobe.testing.s3mock.store.retain-files-on-exit=false",
                "--com.adobe.testing.s3mock.max-payload-size=2GB",
                "--spring.main.banner-mode=off");
        ChildProcess process = ChildProcess.start("s3mock", command, dataDir, logFile, Map.of());
        S3MockServer server = new S3MockServer(process, port);
        process.awaitReady(server::answers, Duration.ofSeconds(90));
        return server;
    }

    private boolean answers() {
        return Http.okBody(endpoint() + "/").isPresent();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }
}
