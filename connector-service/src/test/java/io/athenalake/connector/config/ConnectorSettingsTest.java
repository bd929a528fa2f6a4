package io.athenalake.connector.config;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectorSettingsTest {

    record Config(Optional<String> secretName, Optional<String> spillBucket, String scheme, String disableSpillEncryption,
                  Optional<String> kmsKeyId, Optional<String> tablesPath, Optional<String> region) implements ConnectorConfig {
        public Duration secretTtl() {
            return Duration.ofMinutes(5);
        }

        public String spillPrefix() {
            return "/athena-spill/";
        }

        public Optional<String> bucketPrefix() {
            return Optional.of("minio_db_");
        }

        public Optional<URI> secretsManagerEndpoint() {
            return Optional.empty();
        }

        public Optional<URI> spillS3Endpoint() {
            return Optional.empty();
        }

        public Optional<URI> kmsEndpoint() {
            return Optional.empty();
        }

        public Optional<URI> athenaEndpoint() {
            return Optional.empty();
        }

        public long splitTargetBytes() {
            return 128L * 1024 * 1024;
        }

        public int maxSplitsPerResponse() {
            return 1000;
        }

        public Duration storageConnectTimeout() {
            return Duration.ofSeconds(5);
        }

        public Duration storageRequestTimeout() {
            return Duration.ofSeconds(60);
        }
    }

    static Config valid() {
        return new Config(Optional.of("minio-credentials"), Optional.of("athena-spill-bucket"), "HTTP", "false",
                Optional.empty(), Optional.of("/Folder1/Folder2/"), Optional.of("eu-west-1"));
    }

    @Test
    void acceptsTheOriginalRunbookSettings() {
        ConnectorSettings settings = ConnectorSettings.from(valid());
        assertThat(settings.secretName()).isEqualTo("minio-credentials");
        assertThat(settings.scheme()).isEqualTo("http");
        assertThat(settings.tablesPath()).isEqualTo("Folder1/Folder2");
        assertThat(settings.spillPrefix()).isEqualTo("athena-spill");
        assertThat(settings.spillEncryption()).isTrue();
        assertThat(settings.spillResourceArn()).isEqualTo("arn:aws:s3:::athena-spill-bucket/athena-spill*");
        assertThat(settings.sdkOptions()).containsEntry("spill_bucket", "athena-spill-bucket")
                .containsEntry("disable_spill_encryption", "false").doesNotContainKey("kms_key_id");
    }

    @Test
    void reportsEveryProblemWithTheVariableToFix() {
        Config bad = new Config(Optional.empty(), Optional.of("s3://bucket/path"), "ftp", "maybe", Optional.empty(),
                Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> ConnectorSettings.from(bad))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("AWS_SECRET is not set")
                .hasMessageContaining("must be a bare bucket name")
                .hasMessageContaining("SCHEME must be http or https, not 'ftp'")
                .hasMessageContaining("disable_spill_encryption must be true or false")
                .hasMessageContaining("AWS_REGION is not set");
    }

    @Test
    void requiresASpillBucket() {
        Config noSpill = new Config(Optional.of("s"), Optional.empty(), "https", "false", Optional.empty(), Optional.empty(), Optional.of("us-east-1"));
        assertThatThrownBy(() -> ConnectorSettings.from(noSpill)).hasMessageContaining("set spill_bucket or TARGET_BUCKET");
    }

    @Test
    void refusesAKmsKeyWithEncryptionDisabled() {
        Config conflicting = new Config(Optional.of("s"), Optional.of("b"), "https", "true", Optional.of("alias/spill"),
                Optional.empty(), Optional.of("us-east-1"));
        assertThatThrownBy(() -> ConnectorSettings.from(conflicting)).hasMessageContaining("kms_key_id is set but disable_spill_encryption=true");
    }
}
