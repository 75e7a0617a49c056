package io.diveops.activities.drift;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A keyed fingerprint of a value (HMAC-SHA256), so two values can be told equal or not without the
 * report holding either. The key is random per instance of this class (one per worker process): a
 * fingerprint cannot be looked up in a table of common values, and means nothing outside the run
 * that made it.
 */
public final class Fingerprints {
  private final SecretKeySpec key;

  public Fingerprints() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    this.key = new SecretKeySpec(bytes, "HmacSHA256");
  }

  /** {@code hmac:<first 16 hex digits>}; never the value, whatever the value is. */
  public String of(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
      return "hmac:" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
