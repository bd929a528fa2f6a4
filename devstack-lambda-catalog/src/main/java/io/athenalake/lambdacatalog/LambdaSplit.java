package io.athenalake.lambdacatalog;

import com.amazonaws.athena.connector.lambda.domain.Split;
import com.amazonaws.athena.connector.lambda.domain.spill.S3SpillLocation;
import com.amazonaws.athena.connector.lambda.security.EncryptionKey;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.trino.spi.connector.ConnectorSplit;

import java.util.Base64;
import java.util.Map;

/**
 * One split of GetSplits, carried to the worker as its parts: where the connector spills its blocks, the
 * key it encrypts them with, and the connector's own properties (which file, which row groups…).
 */
public record LambdaSplit(String spillBucket, String spillKey, boolean spillDirectory, String encryptionKey,
                          String encryptionNonce, Map<String, String> properties) implements ConnectorSplit {

    @JsonCreator
    public LambdaSplit(@JsonProperty("spillBucket") String spillBucket, @JsonProperty("spillKey") String spillKey,
                       @JsonProperty("spillDirectory") boolean spillDirectory,
                       @JsonProperty("encryptionKey") String encryptionKey,
                       @JsonProperty("encryptionNonce") String encryptionNonce,
                       @JsonProperty("properties") Map<String, String> properties) {
        this.spillBucket = spillBucket;
        this.spillKey = spillKey;
        this.spillDirectory = spillDirectory;
        this.encryptionKey = encryptionKey;
        this.encryptionNonce = encryptionNonce;
        this.properties = Map.copyOf(properties);
    }

    static LambdaSplit of(Split split) {
        S3SpillLocation spill = (S3SpillLocation) split.getSpillLocation();
        EncryptionKey key = split.getEncryptionKey();
        Base64.Encoder base64 = Base64.getEncoder();
        return new LambdaSplit(spill == null ? null : spill.getBucket(), spill == null ? null : spill.getKey(),
                spill != null && spill.isDirectory(), key == null ? null : base64.encodeToString(key.getKey()),
                key == null ? null : base64.encodeToString(key.getNonce()), split.getProperties());
    }

    Split toFederationSplit() {
        return new Split(spillBucket == null ? null : new S3SpillLocation(spillBucket, spillKey, spillDirectory),
                federationEncryptionKey(), properties);
    }

    EncryptionKey federationEncryptionKey() {
        Base64.Decoder base64 = Base64.getDecoder();
        return encryptionKey == null ? null : new EncryptionKey(base64.decode(encryptionKey), base64.decode(encryptionNonce));
    }

    @Override
    @JsonProperty
    public String spillBucket() {
        return spillBucket;
    }

    @Override
    @JsonProperty
    public String spillKey() {
        return spillKey;
    }

    @Override
    @JsonProperty
    public boolean spillDirectory() {
        return spillDirectory;
    }

    @Override
    @JsonProperty
    public String encryptionKey() {
        return encryptionKey;
    }

    @Override
    @JsonProperty
    public String encryptionNonce() {
        return encryptionNonce;
    }

    @Override
    @JsonProperty
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public Map<String, String> getSplitInfo() {
        return properties;
    }

    @Override
    public long getRetainedSizeInBytes() {
        return 256 + properties.toString().length() * 2L;
    }
}
