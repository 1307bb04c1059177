package io.recsync.connector.s3;

import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.internal.signer.CredentialScope;
import software.amazon.awssdk.http.auth.aws.internal.signer.V4Properties;
import software.amazon.awssdk.http.auth.aws.internal.signer.V4RequestSigner;
import software.amazon.awssdk.http.auth.aws.internal.signer.V4RequestSigningResult;
import software.amazon.awssdk.http.auth.aws.internal.signer.util.CredentialUtils;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * SigV4 for a PUT whose body recsync already hashed. Over plain http the SDK signs the payload
 * itself: it wraps the body in {@code aws-chunked} encoding and hashes every 128 KiB chunk again
 * while sending (over https it sends {@code UNSIGNED-PAYLOAD} and hashes nothing). But a PutObject
 * or UploadPart of recsync's carries {@code x-amz-checksum-sha256}, the SHA-256 of exactly the bytes
 * sent ({@link VerifyingSource} refuses to finish a body that hashes otherwise), and that digest in
 * hex is the payload hash SigV4 signs. So such a PUT over http is signed here with
 * {@code x-amz-content-sha256} set to it: the body goes out as it is (plain {@code Content-Length},
 * no chunk framing, no second hash), still a signed payload that the server checks. Every other
 * request, and every request over https, is signed by the SDK's own signer.
 *
 * <p>Uses the SDK's internal request signer ({@code V4RequestSigner}) so that canonicalisation is the
 * SDK's; the version is pinned in the pom, and {@code S3OnS3ProxyIT} puts through s3proxy, which
 * checks every signature, so an SDK upgrade that changes it fails there.
 */
final class KnownPayloadSigner implements HttpSigner<AwsCredentialsIdentity> {

    static final String CONTENT_SHA256 = "x-amz-content-sha256";
    static final String CHECKSUM_SHA256 = "x-amz-checksum-sha256";

    private final AwsV4HttpSigner sdk = AwsV4HttpSigner.create();

    /** The SDK's SigV4 scheme with this signer in place of its own. */
    static AuthScheme<AwsCredentialsIdentity> scheme() {
        AwsV4AuthScheme sdkScheme = AwsV4AuthScheme.create();
        KnownPayloadSigner signer = new KnownPayloadSigner();
        return new AuthScheme<>() {
            @Override
            public String schemeId() {
                return sdkScheme.schemeId();
            }

            @Override
            public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
                return sdkScheme.identityProvider(providers);
            }

            @Override
            public HttpSigner<AwsCredentialsIdentity> signer() {
                return signer;
            }
        };
    }

    @Override
    public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
        Optional<String> known = knownPayloadSha256(request);
        if (known.isEmpty()) {
            return sdk.sign(request);
        }
        Clock clock = request.requireProperty(SIGNING_CLOCK, Clock.systemUTC());
        V4Properties properties = V4Properties.builder()
                .credentials(CredentialUtils.sanitizeCredentials(request.identity()))
                .credentialScope(new CredentialScope(request.requireProperty(AwsV4HttpSigner.REGION_NAME),
                        request.requireProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME), clock.instant()))
                .signingClock(clock)
                .doubleUrlEncode(request.requireProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, true))
                .normalizePath(request.requireProperty(AwsV4HttpSigner.NORMALIZE_PATH, true))
                .build();
        SdkHttpRequest.Builder builder = request.request().toBuilder().putHeader(CONTENT_SHA256, known.get());
        V4RequestSigningResult signed = V4RequestSigner.header(properties).sign(builder);
        return SignedRequest.builder()
                .request(signed.getSignedRequest().build())
                .payload(request.payload().orElse(null))
                .build();
    }

    @Override
    public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
        return sdk.signAsync(request);
    }

    /**
     * The hex SHA-256 of the body when the SDK would otherwise hash it again: a PUT over http with
     * a body, signed with credentials, in the default header-signing mode, carrying a well-formed
     * {@code x-amz-checksum-sha256}.
     */
    static Optional<String> knownPayloadSha256(SignRequest<? extends AwsCredentialsIdentity> request) {
        SdkHttpRequest http = request.request();
        if (http.method() != SdkHttpMethod.PUT || "https".equals(http.protocol()) || request.payload().isEmpty()
                || CredentialUtils.isAnonymous(request.identity())
                || request.property(AwsV4HttpSigner.EXPIRATION_DURATION) != null
                || request.requireProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.HEADER)
                        != AwsV4HttpSigner.AuthLocation.HEADER
                || http.firstMatchingHeader(CONTENT_SHA256).isPresent()) {
            return Optional.empty();
        }
        return http.firstMatchingHeader(CHECKSUM_SHA256).flatMap(KnownPayloadSigner::hexOfBase64Sha256);
    }

    private static Optional<String> hexOfBase64Sha256(String base64) {
        try {
            byte[] raw = Base64.getDecoder().decode(base64.trim());
            return raw.length == 32 ? Optional.of(HexFormat.of().formatHex(raw)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
