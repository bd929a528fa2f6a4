package io.athenalake.connector.spill;

import com.amazonaws.athena.connector.lambda.security.EncryptionKey;
import com.amazonaws.athena.connector.lambda.security.KmsKeyFactory;
import com.amazonaws.athena.connector.lambda.security.LocalKeyFactory;
import io.athenalake.connector.config.ConnectorSettings;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which key factory encrypts spilled blocks. The KMS path is checked only as far as honest without KMS:
 * the SDK's KMS factory is chosen (and no KMS client is built when it is not).
 */
class SpillKeysTest {

    static ConnectorSettings settings(Optional<String> kmsKeyId, boolean encryption) {
        return new ConnectorSettings("s", Duration.ofMinutes(5), "us-east-1", "spill", "athena-spill", kmsKeyId, encryption, "",
                "", "https", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 1 << 27, 1000,
                Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    @Test
    void localAesGcmKeysWithoutAKmsKey() {
        AtomicInteger kmsClients = new AtomicInteger();
        var factory = SpillKeys.factory(settings(Optional.empty(), true), () -> {
            kmsClients.incrementAndGet();
            return KmsClient.builder().build();
        });
        assertThat(factory).isInstanceOf(LocalKeyFactory.class);
        EncryptionKey first = factory.create();
        EncryptionKey second = factory.create();
        assertThat(first.getKey()).hasSize(32);
        assertThat(first.getNonce()).hasSize(12);
        assertThat(first.getKey()).isNotEqualTo(second.getKey());
        assertThat(kmsClients).hasValue(0);
    }

    @Test
    void kmsGeneratedKeysWhenAKeyIsConfigured() {
        try (KmsClient kms = KmsClient.builder().region(software.amazon.awssdk.regions.Region.US_EAST_1).build()) {
            assertThat(SpillKeys.factory(settings(Optional.of("alias/athena-spill"), true), () -> kms)).isInstanceOf(KmsKeyFactory.class);
        }
    }

    @Test
    void noKeysWhenEncryptionIsDisabled() {
        assertThat(SpillKeys.factory(settings(Optional.empty(), false), () -> null)).isNull();
    }
}
