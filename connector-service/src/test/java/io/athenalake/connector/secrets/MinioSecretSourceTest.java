package io.athenalake.connector.secrets;

import com.amazonaws.athena.connector.lambda.exceptions.AthenaConnectorException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MinioSecretSourceTest {

    static final class FakeSecrets implements SecretsManagerClient {
        final AtomicReference<String> value = new AtomicReference<>();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
            calls.incrementAndGet();
            if (value.get() == null) {
                throw ResourceNotFoundException.builder().message("Secrets Manager can't find the specified secret.").build();
            }
            return GetSecretValueResponse.builder().name(request.secretId()).secretString(value.get()).build();
        }

        @Override
        public String serviceName() {
            return "secretsmanager";
        }

        @Override
        public void close() {
        }
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now;
        }
    }

    @Test
    void readsTheSecretOnceAndAgainAfterTheTtl() {
        FakeSecrets secrets = new FakeSecrets();
        secrets.value.set("{\"access_key\":\"AK\",\"secret_key\":\"SK\",\"server\":\"minio.internal:9000\"}");
        MutableClock clock = new MutableClock();
        MinioSecretSource source = new MinioSecretSource(secrets, "minio", "https", Duration.ofMinutes(5), clock);
        MinioSecret first = source.get();
        assertThat(first.endpoint()).isEqualTo(URI.create("https://minio.internal:9000"));
        assertThat(first.toString()).doesNotContain("AK").doesNotContain("SK");
        source.get();
        assertThat(secrets.calls).hasValue(1);

        secrets.value.set("{\"access_key\":\"AK2\",\"secret_key\":\"SK2\",\"server\":\"http://minio.internal:9000\"}");
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        assertThatThrownBy(source::get).hasMessageContaining("uses http but SCHEME is https");
        assertThat(secrets.calls).hasValue(2);
    }

    @Test
    void aMissingSecretNamesItAndTheSetting() {
        MinioSecretSource source = new MinioSecretSource(new FakeSecrets(), "minio/prod", "https", Duration.ofMinutes(5), Clock.systemUTC());
        assertThatThrownBy(source::get).isInstanceOf(AthenaConnectorException.class)
                .hasMessageStartingWith("The Secrets Manager secret 'minio/prod' (AWS_SECRET) does not exist");
    }

    @Test
    void aSecretWithoutAKeySaysWhichOneWithoutShowingTheValues() {
        FakeSecrets secrets = new FakeSecrets();
        secrets.value.set("{\"access_key\":\"AKIDSECRETVALUE\",\"server\":\"minio:9000\"}");
        MinioSecretSource source = new MinioSecretSource(secrets, "minio", "http", Duration.ofMinutes(5), Clock.systemUTC());
        assertThatThrownBy(source::get).hasMessageContaining("lacks the key 'secret_key'").message().doesNotContain("AKIDSECRETVALUE");
        secrets.value.set("not json");
        assertThatThrownBy(source::get).hasMessageContaining("is not a JSON object");
    }
}
