package io.athenalake.export.lake;

import io.athenalake.export.config.ExportServiceConfig;

import java.lang.reflect.Proxy;

/** The settings {@link LakeMover} reads, for tests and benchmarks that use it without the application. */
final class MoveSettings {

    private MoveSettings() {
    }

    static ExportServiceConfig of(String bucket, int concurrency, long multipartThreshold, long partSize) {
        ExportServiceConfig.Move move = (ExportServiceConfig.Move) Proxy.newProxyInstance(
                MoveSettings.class.getClassLoader(), new Class<?>[] {ExportServiceConfig.Move.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "concurrency" -> concurrency;
                    case "multipartThresholdBytes" -> multipartThreshold;
                    case "partSizeBytes" -> partSize;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (ExportServiceConfig) Proxy.newProxyInstance(MoveSettings.class.getClassLoader(),
                new Class<?>[] {ExportServiceConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "exportBucket" -> bucket;
                    case "move" -> move;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
