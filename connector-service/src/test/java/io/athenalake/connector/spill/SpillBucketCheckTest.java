package io.athenalake.connector.spill;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** S3Mock grants everything, so the refused write is played by a client that answers as S3 does. */
class SpillBucketCheckTest {

    static final class RefusingS3 implements S3Client {
        final AtomicInteger puts = new AtomicInteger();
        volatile boolean refuse = true;

        @Override
        public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
            puts.incrementAndGet();
            if (refuse) {
                throw (S3Exception) S3Exception.builder().statusCode(403)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("Access Denied").build()).build();
            }
            return PutObjectResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aRefusedWriteNamesTheMissingPermissionAndIsCheckedAgain() {
        RefusingS3 s3 = new RefusingS3();
        SpillBucketCheck check = new SpillBucketCheck(s3, "spill", "athena-spill", "arn:aws:s3:::spill/athena-spill*");
        assertThatThrownBy(check::verify)
                .hasMessageContaining("grant the Lambda's role s3:PutObject on arn:aws:s3:::spill/athena-spill*")
                .hasMessageContaining("AccessDenied");
        s3.refuse = false;
        check.verify();
        check.verify();
        assertThat(s3.puts).as("a success is remembered").hasValue(2);
    }
}
