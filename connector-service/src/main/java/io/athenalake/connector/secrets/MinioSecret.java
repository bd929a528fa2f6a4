package io.athenalake.connector.secrets;

import java.net.URI;

/**
 * What the connector needs to reach the store: the access key pair and the endpoint ({@code server}
 * combined with {@code SCHEME}). {@link #toString()} never shows the keys.
 */
public record MinioSecret(String accessKey, String secretKey, URI endpoint) {

    @Override
    public String toString() {
        return "MinioSecret[endpoint=" + endpoint + ", accessKey=****, secretKey=****]";
    }
}
