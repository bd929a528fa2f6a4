package io.athenalake.devstack.process;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JavaRuntimesTest {

    @Test
    void theRunningJdkIsFoundForItsOwnVersion() {
        int running = Runtime.version().feature();
        assertThat(JavaRuntimes.find(running)).hasValueSatisfying(java -> assertThat(Files.isExecutable(java)).isTrue());
    }

    @Test
    void aMissingJdkIsAClearErrorThatSaysWhatToInstall() {
        assertThatThrownBy(() -> JavaRuntimes.javaExecutable(999))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Java 999 or newer")
                .hasMessageContaining("TRINO_JAVA_HOME")
                .hasMessageContaining("Install");
    }
}
