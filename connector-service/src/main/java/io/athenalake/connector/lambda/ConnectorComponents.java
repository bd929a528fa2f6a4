package io.athenalake.connector.lambda;

import io.athenalake.connector.config.ConnectorConfig;
import io.athenalake.connector.config.ConnectorSettings;
import io.athenalake.connector.handler.MinioCompositeHandler;
import io.athenalake.connector.handler.MinioMetadataHandler;
import io.athenalake.connector.handler.MinioRecordHandler;
import io.athenalake.connector.mapping.LakeCatalog;
import io.athenalake.connector.parquet.ParquetFooters;
import io.athenalake.connector.parquet.ParquetSplitReader;
import io.athenalake.connector.secrets.MinioSecretSource;
import io.athenalake.connector.spill.SpillBucketCheck;
import io.athenalake.connector.spill.SpillKeys;
import io.athenalake.connector.storage.MinioStorage;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Clock;

/**
 * Wires the connector once per Lambda container. The handlers themselves know nothing of Quarkus: they
 * take their clients through constructors, so tests can build them the same way.
 */
@ApplicationScoped
public class ConnectorComponents {

    /** Validates the configuration when the function starts, so a bad setting fails the init, not a query. */
    @Produces
    @Singleton
    @Startup
    ConnectorSettings settings(ConnectorConfig config) {
        return ConnectorSettings.from(config);
    }

    @Produces
    @Singleton
    MinioCompositeHandler handler(ConnectorSettings settings) {
        return create(settings);
    }

    /** The whole connector for these settings (also used by tests and benchmarks that run it without Quarkus). */
    public static MinioCompositeHandler create(ConnectorSettings settings) {
        AwsClients.chooseDefaultHttpClient();
        SecretsManagerClient secretsManager = AwsClients.secretsManager(settings);
        S3Client spillS3 = AwsClients.spillS3(settings);
        AthenaClient athena = AwsClients.athena(settings);
        MinioSecretSource secrets = new MinioSecretSource(secretsManager, settings.secretName(), settings.scheme(),
                settings.secretTtl(), Clock.systemUTC());
        MinioStorage storage = new MinioStorage(secrets, settings.storageConnectTimeout(), settings.storageRequestTimeout());
        ParquetFooters footers = new ParquetFooters(storage);
        SpillBucketCheck spillCheck = new SpillBucketCheck(spillS3, settings.spillBucket(), settings.spillPrefix(),
                settings.spillResourceArn());
        MinioMetadataHandler metadata = new MinioMetadataHandler(settings, SpillKeys.factory(settings, () -> AwsClients.kms(settings)),
                secretsManager, athena, new LakeCatalog(storage, settings.bucketPrefix(), settings.tablesPath()), footers, spillCheck);
        MinioRecordHandler records = new MinioRecordHandler(settings, spillS3, secretsManager, athena,
                new ParquetSplitReader(storage, footers), spillCheck);
        return new MinioCompositeHandler(metadata, records);
    }
}
