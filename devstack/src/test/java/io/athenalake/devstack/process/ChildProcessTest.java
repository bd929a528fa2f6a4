package io.athenalake.devstack.process;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The launcher's promise: no child process outlives the JVM that started it, however that JVM ends. */
class ChildProcessTest {

    @Test
    void aChildDiesWhenItsLauncherIsKilledWithSigkill() throws Exception {
        Process launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrphanProbe.class.getName())
                .redirectErrorStream(true).start();
        long childPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(launcher.getInputStream()))) {
            childPid = Long.parseLong(out.readLine().trim());
        }
        assertThat(ProcessHandle.of(childPid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

        launcher.destroyForcibly(); // SIGKILL: no shutdown hook runs
        launcher.waitFor();

        await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.of(childPid).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void closingStopsTheChildAndAFailedStartShowsTheLog() throws Exception {
        Path dir = Files.createTempDirectory("child-process");
        ChildProcess sleeper = ChildProcess.start("sleeper", List.of("sleep", "300"), dir, dir.resolve("sleeper.log"), Map.of());
        long pid = sleeper.pid();
        sleeper.close();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

        ChildProcess failing = ChildProcess.start("failing", List.of("sh", "-c", "echo cannot bind port 1234; exit 3"), dir,
                dir.resolve("failing.log"), Map.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> failing.awaitReady(() -> false, Duration.ofSeconds(10)))
                .hasMessageContaining("failing exited with code 3")
                .hasMessageContaining("cannot bind port 1234");
    }
}
