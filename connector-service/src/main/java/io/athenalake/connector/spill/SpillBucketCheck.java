package io.athenalake.connector.spill;

import io.athenalake.connector.errors.ConnectorErrors;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.UUID;

/**
 * Proves the connector can write where the SDK spills results over Athena's inline limit. Without
 * {@code s3:PutObject} there, small queries work and large ones fail with errors that point nowhere
 * near the cause; this check fails early with a message naming the missing permission. A success is
 * remembered for the life of the container; a failure is checked again on the next request.
 */
public class SpillBucketCheck {

    private static final Logger LOG = Logger.getLogger(SpillBucketCheck.class);

    private final S3Client spillS3;
    private final String bucket;
    private final String prefix;
    private final String resourceArn;
    private volatile boolean writable;

    public SpillBucketCheck(S3Client spillS3, String bucket, String prefix, String resourceArn) {
        this.spillS3 = spillS3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.resourceArn = resourceArn;
    }

    public void verify() {
        if (writable) {
            return;
        }
        String key = (prefix.isEmpty() ? "" : prefix + "/") + "_write-check/" + UUID.randomUUID();
        try {
            spillS3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("athena-lake connector spill write check"));
        } catch (S3Exception e) {
            throw failure(e);
        } catch (SdkClientException e) {
            throw ConnectorErrors.unreachable("The spill bucket '" + bucket + "' is unreachable: " + e.getMessage());
        }
        try {
            spillS3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (RuntimeException e) {
            // s3:DeleteObject is not needed for spilling; a lifecycle rule on the bucket removes leftovers
            LOG.debugf("could not delete the spill write-check object: %s", e.getClass().getSimpleName());
        }
        writable = true;
    }

    /** Translates a spill write failure (here or while the SDK spills) into the message naming the fix. */
    public RuntimeException failure(S3Exception e) {
        String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
        if (e.statusCode() == 404 || "NoSuchBucket".equals(code)) {
            return ConnectorErrors.notFound("The spill bucket '" + bucket + "' (spill_bucket / TARGET_BUCKET) does not exist. "
                    + "Create it, or point spill_bucket at an existing bucket the connector may write to.");
        }
        if (e.statusCode() == 403) {
            return ConnectorErrors.accessDenied("The connector cannot write to its spill bucket: grant the Lambda's role "
                    + "s3:PutObject on " + resourceArn + " (results over Athena's inline limit are spilled there; "
                    + "without it large queries fail). S3 said: " + (code == null ? "HTTP 403" : code) + ".");
        }
        return ConnectorErrors.internal("Writing to the spill bucket '" + bucket + "' failed: "
                + (code == null ? "HTTP " + e.statusCode() : code) + ".");
    }
}
