package io.athenalake.devstack;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sts.StsClient;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Secrets Manager (JSON 1.1) and STS (Query protocol) through their SDK clients. */
class SecretsAndIdentityIT {

    @Test
    void aSecretIsCreatedReadAndRotated() {
        String name = "minio/" + UUID.randomUUID();
        try (SecretsManagerClient secrets = AwsClients.secretsManager()) {
            String arn = secrets.createSecret(b -> b.name(name)
                    .secretString("{\"access_key\":\"a\",\"secret_key\":\"s\",\"server\":\"127.0.0.1:9000\"}")).arn();
            assertThat(arn).startsWith("arn:aws:secretsmanager:us-east-1:000000000000:secret:" + name + "-");

            GetSecretValueResponse byName = secrets.getSecretValue(b -> b.secretId(name));
            assertThat(byName.secretString()).contains("\"access_key\":\"a\"");
            assertThat(byName.versionStages()).containsExactly("AWSCURRENT");

            String version = secrets.putSecretValue(b -> b.secretId(arn).secretString("{\"access_key\":\"b\"}")).versionId();
            GetSecretValueResponse byArn = secrets.getSecretValue(b -> b.secretId(arn));
            assertThat(byArn.versionId()).isEqualTo(version);
            assertThat(byArn.secretString()).isEqualTo("{\"access_key\":\"b\"}");
            assertThat(secrets.getSecretValue(b -> b.secretId(name).versionId(byName.versionId())).secretString())
                    .isEqualTo(byName.secretString());

            assertThatThrownBy(() -> secrets.createSecret(b -> b.name(name).secretString("x")))
                    .isInstanceOf(ResourceExistsException.class);
            assertThatThrownBy(() -> secrets.getSecretValue(b -> b.secretId("no/such/secret")))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void theCallerIdentityIsTheDevstackAccount() {
        try (StsClient sts = AwsClients.sts()) {
            var identity = sts.getCallerIdentity();
            assertThat(identity.account()).isEqualTo("000000000000");
            assertThat(identity.arn()).isEqualTo("arn:aws:iam::000000000000:user/devstack");
        }
    }
}
