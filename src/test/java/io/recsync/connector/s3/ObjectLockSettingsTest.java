package io.recsync.connector.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsync.config.Settings;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

class ObjectLockSettingsTest {

    static S3Settings profile(Map<String, Object> lock) {
        return S3Settings.from(Settings.of("vault.yml", Map.of("type", "s3", "bucket", "vault", "endpoint",
                "http://127.0.0.1:9000", "objectLock", lock)));
    }

    @Test
    void retainsFromRecordedAtAndNeverSetsAPastDate() {
        ObjectLockSettings l = profile(Map.of("mode", "compliance", "retain", "7y", "legalHold", true)).objectLock();
        assertThat(l.mode()).isEqualTo(ObjectLockMode.COMPLIANCE);
        assertThat(l.holdStatus()).isEqualTo(ObjectLockLegalHoldStatus.ON);
        Instant now = Instant.parse("2026-12-06T00:00:00Z");
        assertThat(l.retainUntil(Instant.parse("2026-11-20T14:03:11Z"), now)).isEqualTo(Instant.parse("2033-11-20T14:03:11Z"));
        assertThat(l.retainUntil(Instant.parse("2018-01-01T00:00:00Z"), now)).as("S3 refuses a date in the past").isNull();
        assertThat(l.toString()).isEqualTo("COMPLIANCE 7y from recordedAt, legal hold");
        assertThat(profile(Map.of("legalHold", true)).objectLock().retainUntil(now, now)).isNull();
    }

    @Test
    void incompleteLocksAreRefusedWithTheField() {
        assertThatThrownBy(() -> profile(Map.of("mode", "GOVERNANCE"))).hasMessageContaining("objectLock.retain")
                .hasMessageContaining("is required too");
        assertThatThrownBy(() -> profile(Map.of("mode", "STRICT", "retain", "1y"))).hasMessageContaining("objectLock.mode")
                .hasMessageContaining("GOVERNANCE, COMPLIANCE");
        assertThatThrownBy(() -> profile(Map.of("legalHold", false))).hasMessageContaining("locks nothing");
    }
}
