package io.athenalake.devstack.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Started by {@link ChildProcessTest} as its own JVM: runs a child through {@link ChildProcess}, prints its pid, waits. */
public final class OrphanProbe {

    private OrphanProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("orphan-probe");
        ChildProcess child = ChildProcess.start("sleeper", List.of("sleep", "300"), dir, dir.resolve("sleeper.log"), Map.of());
        System.out.println(child.pid());
        System.out.flush();
        Thread.sleep(300_000);
    }
}
