package io.recsync.connector.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsync.config.ConfigException;
import io.recsync.config.Secret;
import io.recsync.config.Settings;
import io.recsync.config.YamlLoader;
import io.recsync.connector.StoragePath;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profile parsing: defaults, located errors, secrets by reference only, the shipped example. No server needed. */
class S3SettingsTest {

    @TempDir
    Path dir;

    private static Map<String, Object> minimal() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "s3");
        m.put("bucket", "acme-archive");
        m.put("region", "eu-central-1");
        return m;
    }

    private static S3Settings parse(Map<String, Object> m) {
        return S3Settings.from(Settings.of("connectors/archive-s3.yml", m));
    }

    private static void assertRefused(Map<String, Object> m, String field, String hint) {
        assertThatThrownBy(() -> parse(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("connectors/archive-s3.yml")
                .hasMessageContaining(field)
                .hasMessageContaining(hint);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        S3Settings s = parse(minimal());
        assertThat(s.prefix()).isEmpty();
        assertThat(s.endpoint()).isNull();
        assertThat(s.pathStyle()).isFalse();
        assertThat(s.multipartThreshold()).isEqualTo(64L << 20);
        assertThat(s.partSize()).isEqualTo(16L << 20);
        assertThat(s.maxConnections()).isEqualTo(16);
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.describe()).isEqualTo("s3://acme-archive");
        assertThat(s.key(StoragePath.of("t/a.wav"))).isEqualTo("t/a.wav");
    }

    @Test
    void thePrefixIsNormalizedAndConfinesKeysAndListings() {
        Map<String, Object> m = minimal();
        m.put("prefix", "/recordings/hq/");
        S3Settings s = parse(m);
        assertThat(s.prefix()).isEqualTo("recordings/hq");
        assertThat(s.key(StoragePath.of("t/a.wav"))).isEqualTo("recordings/hq/t/a.wav");
        assertThat(s.listPrefix(StoragePath.ROOT)).isEqualTo("recordings/hq/");
        assertThat(s.listPrefix(StoragePath.of("t"))).isEqualTo("recordings/hq/t/");
        m.put("prefix", "recordings/../other");
        assertRefused(m, "prefix", "'..'");
    }

    @Test
    void anEndpointMakesRegionOptionalAndPathStyleTheDefault() {
        Map<String, Object> m = minimal();
        m.remove("region");
        assertRefused(m, "region", "is required for AWS S3");
        m.put("endpoint", "http://127.0.0.1:9000");
        S3Settings s = parse(m);
        assertThat(s.region()).isEqualTo("us-east-1");
        assertThat(s.pathStyle()).isTrue();
        assertThat(s.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(s.describe()).isEqualTo("s3://acme-archive at http://127.0.0.1:9000");
        m.put("endpoint", "ftp://minio:9000");
        assertRefused(m, "endpoint", "https://host");
        m.put("endpoint", "https://key:secret@minio:9000");
        assertRefused(m, "endpoint", "must not carry credentials");
    }

    @Test
    void secretKeysAreReferencesOnlyAndComeInPairs() {
        Map<String, Object> m = minimal();
        // The access key id names the key (like a user name): written out, it is accepted.
        m.put("accessKeyId", "AKIAEXAMPLE");
        m.put("secretAccessKey", new Secret("wJalr-secret"));
        assertThat(parse(m).accessKeyId().reveal()).isEqualTo("AKIAEXAMPLE");
        m.put("accessKeyId", new Secret("AKIAEXAMPLE"));
        m.remove("secretAccessKey");
        assertRefused(m, "secretAccessKey", "together");
        m.put("secretAccessKey", "wJalr-secret-literal");
        assertThatThrownBy(() -> parse(m)).hasMessageContaining("secretAccessKey")
                .hasMessageNotContaining("wJalr-secret-literal");
        m.put("secretAccessKey", new Secret("wJalr-secret"));
        m.put("profile", "archive");
        assertRefused(m, "profile", "choose one");
    }

    @Test
    void archiveTiersThatCannotBeReadBackAreRefused() {
        Map<String, Object> m = minimal();
        m.put("storageClass", "deep_archive");
        assertRefused(m, "storageClass", "lifecycle rule");
        m.put("storageClass", "standard_ia");
        assertThat(parse(m).storageClass()).isEqualTo("STANDARD_IA");
        m.put("storageClass", "COLD");
        assertRefused(m, "storageClass", "must be one of");
    }

    @Test
    void partSizesRespectS3sLimits() {
        Map<String, Object> m = minimal();
        m.put("partSize", "4MiB");
        assertRefused(m, "partSize", "between 5242880");
        m.put("partSize", "8 MiB");
        m.put("multipartThreshold", "1GiB");
        S3Settings s = parse(m);
        assertThat(s.partSize()).isEqualTo(8L << 20);
        assertThat(s.multipartThreshold()).isEqualTo(1L << 30);
        m.put("multipartThreshold", "64MB");
        assertRefused(m, "multipartThreshold", "64MiB");
    }

    @Test
    void kmsKeyOnlyWithKmsEncryptionAndUnknownFieldsAreNamed() {
        Map<String, Object> m = minimal();
        m.put("kmsKeyId", "alias/recsync");
        assertRefused(m, "kmsKeyId", "aws:kms");
        m.put("serverSideEncryption", "aws:kms");
        assertThat(parse(m).serverSideEncryption()).isEqualTo("aws:kms");
        m.put("bukket", "typo");
        assertRefused(m, "bukket", "");
    }

    @Test
    void theShippedExampleLoadsAndItsCommentedAlternativesAreKnownFields() throws Exception {
        String text = Files.readString(Path.of("connectors/archive-s3.yml"));
        S3Settings s = S3Settings.from(new YamlLoader(Map.of()).parse("connectors/archive-s3.yml", text, dir).root());
        assertThat(s.describe()).isEqualTo("s3://acme-call-archive/recordings");
        assertThat(s.storageClass()).isEqualTo("STANDARD_IA");
        assertThat(s.multipartThreshold()).isEqualTo(S3Settings.DEFAULT_MULTIPART_THRESHOLD);
        assertThat(s.partSize()).isEqualTo(S3Settings.DEFAULT_PART_SIZE);
        assertThat(s.maxConnections()).isEqualTo(S3Settings.DEFAULT_MAX_CONNECTIONS);
        String keys = text.replace("# accessKeyId:", "accessKeyId:")
                .replace("# secretAccessKey:", "secretAccessKey:")
                .replace("# sessionToken:", "sessionToken:")
                .replace("# endpoint:", "endpoint:")
                .replace("# pathStyle:", "pathStyle:")
                .replace("serverSideEncryption: AES256", "serverSideEncryption: aws:kms")
                .replace("# kmsKeyId:", "kmsKeyId:");
        Map<String, String> env = Map.of("RECSYNC_S3_ACCESS_KEY_ID", "id", "RECSYNC_S3_SECRET_ACCESS_KEY", "sk",
                "RECSYNC_S3_SESSION_TOKEN", "tok");
        S3Settings withKeys = S3Settings.from(new YamlLoader(env).parse("connectors/archive-s3.yml", keys, dir).root());
        assertThat(withKeys.secretAccessKey().reveal()).isEqualTo("sk");
        assertThat(withKeys.endpoint().getScheme()).isEqualTo("https");
        String profile = text.replace("# profile:", "profile:");
        assertThat(S3Settings.from(new YamlLoader(Map.of()).parse("connectors/archive-s3.yml", profile, dir).root())
                .profile()).isEqualTo("recsync-archive");
    }
}
