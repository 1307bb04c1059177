package io.recsync.connector.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.connector.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * When the signer uses the SHA-256 a PUT carries and when it leaves the request to the SDK's own
 * signer. That the signature it makes is accepted is {@code S3OnS3ProxyIT}'s (s3proxy checks it).
 */
class KnownPayloadSignerTest {

    private static final byte[] BODY = "recording".getBytes(StandardCharsets.US_ASCII);
    private static final String SHA256 = Sha256.of(BODY);

    private static SignRequest<AwsCredentialsIdentity> request(AwsCredentialsIdentity who, UnaryOperator<SdkHttpRequest.Builder> edit,
            boolean withBody) {
        SdkHttpRequest.Builder http = SdkHttpRequest.builder().method(SdkHttpMethod.PUT).protocol("http").host("127.0.0.1").port(9000)
                .encodedPath("/bucket/recordings/a.wav").putHeader("x-amz-checksum-sha256", S3Connector.base64(SHA256));
        SignRequest.Builder<AwsCredentialsIdentity> b = SignRequest.builder(who).request(edit.apply(http).build());
        if (withBody) {
            b.payload(ContentStreamProvider.fromByteArray(BODY));
        }
        return b.build();
    }

    private static final AwsCredentialsIdentity KEYS = AwsCredentialsIdentity.create("key", "secret");

    @Test
    void aPutOverHttpWithItsChecksumIsSignedWithThatHash() {
        assertThat(KnownPayloadSigner.knownPayloadSha256(request(KEYS, b -> b, true))).contains(SHA256);
    }

    @Test
    void overHttpsTheSdkSignsAsBefore() {
        assertThat(KnownPayloadSigner.knownPayloadSha256(request(KEYS, b -> b.protocol("https"), true))).isEmpty();
    }

    @Test
    void otherRequestsAreTheSdks() {
        assertThat(KnownPayloadSigner.knownPayloadSha256(request(KEYS, b -> b.method(SdkHttpMethod.POST), true))).isEmpty();
        assertThat(KnownPayloadSigner.knownPayloadSha256(request(KEYS, b -> b.removeHeader("x-amz-checksum-sha256"), true)))
                .isEmpty();
        assertThat(KnownPayloadSigner.knownPayloadSha256(request(KEYS, b -> b.putHeader("x-amz-checksum-sha256", "not base64!"),
                true))).isEmpty();
        assertThat(KnownPayloadSigner.knownPayloadSha256(request(KEYS, b -> b.putHeader("x-amz-checksum-sha256", "AAAA"), true)))
                .as("a checksum that is not 32 bytes").isEmpty();
        assertThat(KnownPayloadSigner.knownPayloadSha256(request(KEYS, b -> b, false))).as("no body").isEmpty();
        assertThat(KnownPayloadSigner.knownPayloadSha256(request(AnonymousCredentialsProvider.create().resolveCredentials(), b -> b, true)))
                .as("anonymous").isEmpty();
    }
}
