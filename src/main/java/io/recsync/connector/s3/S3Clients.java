package io.recsync.connector.s3;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the one SDK client a connector shares between its transfer threads. */
final class S3Clients {

    private S3Clients() {}

    static S3Client create(S3Settings s) {
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(s.region()))
                .credentialsProvider(credentials(s))
                .httpClientBuilder(Apache5HttpClient.builder()
                        // No "Expect: 100-continue" handshake on every request: over a long link it
                        // costs a round trip per object (4 turns per small PUT instead of 2). The S3
                        // client still asks for it on PUTs and parts of 1 MiB and more
                        // (S3Configuration's threshold), where a refusal saves sending the body.
                        .expectContinueEnabled(false)
                        .maxConnections(s.maxConnections())
                        .connectionTimeout(s.connectTimeout())
                        .socketTimeout(s.requestTimeout()))
                // The SDK's standard retries (3 attempts) cover stale pooled connections and throttling;
                // an upload it cannot rewind (more than 128 KiB sent) fails instead, and recsync retries
                // the whole item with its own backoff (RetryPolicy).
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                // recsync sends the SHA-256 it already knows; no second (CRC) checksum per request.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // A PUT over http is signed with the SHA-256 recsync already knows as its payload hash
                // instead of the SDK hashing the body again in aws-chunked encoding (KnownPayloadSigner).
                .putAuthScheme(KnownPayloadSigner.scheme())
                .forcePathStyle(s.pathStyle());
        if (s.endpoint() != null) {
            b.endpointOverride(s.endpoint());
        }
        return b.build();
    }

    private static AwsCredentialsProvider credentials(S3Settings s) {
        if (s.accessKeyId() != null) {
            String id = s.accessKeyId().reveal();
            String secret = s.secretAccessKey().reveal();
            return StaticCredentialsProvider.create(s.sessionToken() == null
                    ? AwsBasicCredentials.create(id, secret)
                    : AwsSessionCredentials.create(id, secret, s.sessionToken().reveal()));
        }
        if (s.profile() != null) {
            return ProfileCredentialsProvider.create(s.profile());
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
