package io.diveops.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diveops.api.backup.BackupManifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Redis counts come from the snapshot itself, and a restore is judged so that TTL keys may expire
 * meanwhile.
 */
class RdbKeyCountTest {

  /**
   * An RDB as Redis 7 writes it: magic, aux fields (plain, int-encoded, LZF), a function library,
   * db 0's sizes, keys.
   */
  static byte[] rdb(long keys, long expiring) {
    var out = new ByteArrayOutputStream();
    out.writeBytes("REDIS0011".getBytes(StandardCharsets.US_ASCII));
    aux(out, "redis-ver", "7.0.15");
    out.write(0xFA);
    string(out, "redis-bits");
    out.write(0xC0); // int8-encoded value
    out.write(64);
    out.write(0xFA);
    string(out, "aof-base");
    out.write(0xC3); // LZF: compressed 3, uncompressed 5
    out.write(3);
    out.write(5);
    out.writeBytes(new byte[] {1, 2, 3});
    out.write(0xF5); // a function library, 300 bytes: a 14-bit length
    out.write(0x40 | (300 >> 8));
    out.write(300 & 0xFF);
    out.writeBytes(new byte[300]);
    out.write(0xFE);
    out.write(0); // SELECTDB 0
    out.write(0xFB);
    out.write(0x80); // 32-bit length
    out.writeBytes(new byte[] {0, 0, (byte) (keys >> 8), (byte) keys});
    out.write((int) expiring);
    out.writeBytes(new byte[] {0, 3, 'k', 'e', 'y', 1, 'v'}); // the keys follow; never read
    return out.toByteArray();
  }

  private static void aux(ByteArrayOutputStream out, String key, String value) {
    out.write(0xFA);
    string(out, key);
    string(out, value);
  }

  private static void string(ByteArrayOutputStream out, String s) {
    out.write(s.length());
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void theCountsAreReadFromTheSnapshotAsItStreamsThrough() throws IOException {
    byte[] snapshot = rdb(1200, 7);
    var copy = new ByteArrayOutputStream();
    var tee = new RdbKeyCount.Tee(copy);
    tee.write(snapshot, 0, 20);
    tee.write(snapshot, 20, snapshot.length - 20);
    assertThat(copy.toByteArray()).isEqualTo(snapshot);
    RdbKeyCount.Counts counts = tee.counts("snapshot");
    assertThat(counts).isEqualTo(new RdbKeyCount.Counts(1200, 7));
    assertThat(counts.persistent()).isEqualTo(1193);
  }

  @Test
  void anEmptyServerOrOneWithoutDatabaseZeroHoldsNoKeys() throws IOException {
    var empty = new ByteArrayOutputStream();
    empty.writeBytes("REDIS0011".getBytes(StandardCharsets.US_ASCII));
    empty.write(0xFF);
    assertThat(RdbKeyCount.read(empty.toByteArray(), "empty"))
        .isEqualTo(new RdbKeyCount.Counts(0, 0));
    var otherDb = new ByteArrayOutputStream();
    otherDb.writeBytes("REDIS0011".getBytes(StandardCharsets.US_ASCII));
    otherDb.writeBytes(new byte[] {(byte) 0xFE, 3, (byte) 0xFB, 5, 0});
    assertThat(RdbKeyCount.read(otherDb.toByteArray(), "db3"))
        .isEqualTo(new RdbKeyCount.Counts(0, 0));
  }

  @Test
  void somethingElseIsNoSnapshot() {
    assertThatThrownBy(
            () ->
                RdbKeyCount.read(
                    "not a snapshot at all".getBytes(StandardCharsets.US_ASCII), "x.rdb"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("x.rdb is not an RDB snapshot");
  }

  @Test
  void keysWithATtlThatExpiredBeforeTheRestoreTestDoNotFailIt() {
    var recorded = new BackupManifest.Counts(Map.of(), Map.of(), 10, 8L);
    // Two keys had a TTL; both expired before the weekly test: Redis dropped them while loading.
    assertThat(RdbKeyCount.mismatch(recorded, new RdbKeyCount.Counts(8, 0))).isNull();
    assertThat(RdbKeyCount.mismatch(recorded, new RdbKeyCount.Counts(9, 1))).isNull();
    assertThat(RdbKeyCount.mismatch(recorded, new RdbKeyCount.Counts(7, 0)))
        .contains("without a TTL: 7 restored, 8 in the snapshot");
    assertThat(RdbKeyCount.mismatch(recorded, new RdbKeyCount.Counts(11, 3)))
        .contains("more than the 10");
  }

  @Test
  void backupsRecordedBeforeCompareTheTotalAsBefore() {
    var old = new BackupManifest.Counts(Map.of(), Map.of(), 10);
    assertThat(RdbKeyCount.mismatch(old, new RdbKeyCount.Counts(10, 2))).isNull();
    assertThat(RdbKeyCount.mismatch(old, new RdbKeyCount.Counts(9, 1)))
        .isEqualTo("Redis keys: 9 restored, 10 recorded");
  }

  @Test
  void theKeyspaceLineOfInfo() {
    assertThat(RedisData.keyspaceLine("db0:keys=5,expires=1,avg_ttl=3000,subexpiry=0\r"))
        .isEqualTo(new RdbKeyCount.Counts(5, 1));
  }
}
