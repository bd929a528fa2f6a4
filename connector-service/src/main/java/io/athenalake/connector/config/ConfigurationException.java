package io.athenalake.connector.config;

import java.util.List;

/** The connector's configuration is unusable; the message lists every problem and the setting to fix. */
public final class ConfigurationException extends RuntimeException {

    public ConfigurationException(List<String> problems) {
        super("The connector configuration is invalid: " + String.join("; ", problems));
    }
}
