package io.athenalake.connector.spill;

import com.amazonaws.athena.connector.lambda.security.EncryptionKeyFactory;
import com.amazonaws.athena.connector.lambda.security.KmsKeyFactory;
import com.amazonaws.athena.connector.lambda.security.LocalKeyFactory;
import io.athenalake.connector.config.ConnectorSettings;
import software.amazon.awssdk.services.kms.KmsClient;

import java.util.function.Supplier;

/**
 * Which data keys encrypt spilled blocks: KMS-generated ones when {@code kms_key_id} is set, otherwise
 * keys generated in the Lambda (AES-GCM either way); none when {@code disable_spill_encryption=true}.
 */
public final class SpillKeys {

    private SpillKeys() {
    }

    public static EncryptionKeyFactory factory(ConnectorSettings settings, Supplier<KmsClient> kms) {
        if (!settings.spillEncryption()) {
            return null;
        }
        return settings.kmsKeyId().<EncryptionKeyFactory>map(id -> new KmsKeyFactory(kms.get(), id)).orElseGet(LocalKeyFactory::new);
    }
}
