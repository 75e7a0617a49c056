package io.diveops.activities.backup;

import io.diveops.api.backup.BackupManifest;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * How many keys of database 0 an RDB snapshot holds, and how many of them carry a TTL, read from
 * the snapshot itself: the RESIZEDB record Redis writes before a database's keys holds both counts
 * as of the fork that wrote the file. (DBSIZE asked before or after the save describes a different
 * moment: writes go on while the child saves.) Only the header is parsed, as it streams past.
 */
public final class RdbKeyCount {
  /** The header (auxiliary fields, function libraries) comes first; a database's keys follow it. */
  static final int HEADER_LIMIT = 1 << 20;

  private static final int AUX = 0xFA;
  private static final int FUNCTION2 = 0xF5;
  private static final int SELECTDB = 0xFE;
  private static final int RESIZEDB = 0xFB;
  private static final int EOF_OPCODE = 0xFF;

  /**
   * @param keys keys in database 0; @param expiring those of them with a TTL
   */
  public record Counts(long keys, long expiring) {
    public long persistent() {
      return keys - expiring;
    }
  }

  private RdbKeyCount() {}

  /** Passes everything through to {@code out} and keeps the first bytes to read the counts from. */
  static final class Tee extends FilterOutputStream {
    private final java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();

    Tee(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      if (head.size() < HEADER_LIMIT) {
        head.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      int keep = Math.min(len, HEADER_LIMIT - head.size());
      if (keep > 0) {
        head.write(b, off, keep);
      }
    }

    Counts counts(String what) throws IOException {
      return read(head.toByteArray(), what);
    }
  }

  /**
   * @throws IOException when the bytes are no RDB or the counts are not where Redis puts them
   */
  static Counts read(byte[] head, String what) throws IOException {
    var in = new DataInputStream(new ByteArrayInputStream(head));
    try {
      byte[] magic = new byte[9];
      in.readFully(magic);
      if (!new String(magic, 0, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("REDIS")) {
        throw new IOException(what + " is not an RDB snapshot");
      }
      while (true) {
        int opcode = in.readUnsignedByte();
        switch (opcode) {
          case AUX -> {
            skipString(in);
            skipString(in);
          }
          case FUNCTION2 -> skipString(in);
          case EOF_OPCODE -> {
            return new Counts(0, 0); // no database holds a key
          }
          case SELECTDB -> {
            if (length(in) != 0) {
              return new Counts(0, 0); // databases are written in order: database 0 is empty
            }
            if (in.readUnsignedByte() != RESIZEDB) {
              throw new IOException(
                  what + ": database 0 does not start with its sizes (RDB too old?)");
            }
            return new Counts(length(in), length(in));
          }
          default ->
              throw new IOException(
                  what
                      + ": unexpected RDB record 0x"
                      + Integer.toHexString(opcode)
                      + " before database 0");
        }
      }
    } catch (EOFException e) {
      throw new IOException(
          what + ": the RDB header is longer than " + HEADER_LIMIT + " bytes or cut short", e);
    }
  }

  /**
   * What a restore must give back. Keys with a TTL may expire between the backup and the restore
   * test (a restored snapshot drops what has expired), so the keys without one must all be there
   * and there may be no more keys than the snapshot held. Backups recorded before the snapshot was
   * read carry DBSIZE only and are compared as they were.
   *
   * @return what does not match, or null
   */
  static String mismatch(BackupManifest.Counts recorded, Counts restored) {
    Long persistent = recorded.redisPersistentKeys();
    if (persistent == null) {
      return restored.keys() == recorded.redisKeys()
          ? null
          : "Redis keys: " + restored.keys() + " restored, " + recorded.redisKeys() + " recorded";
    }
    if (restored.persistent() != persistent) {
      return "Redis keys without a TTL: "
          + restored.persistent()
          + " restored, "
          + persistent
          + " in the snapshot";
    }
    if (restored.keys() > recorded.redisKeys()) {
      return "Redis keys: "
          + restored.keys()
          + " restored, more than the "
          + recorded.redisKeys()
          + " the snapshot held";
    }
    return null;
  }

  /** RDB's length encoding; the special (11) forms belong to strings and are handled there. */
  private static long length(DataInputStream in) throws IOException {
    return lengthFrom(in.readUnsignedByte(), in);
  }

  private static long lengthFrom(int first, DataInputStream in) throws IOException {
    return switch (first >> 6) {
      case 0 -> first & 0x3F;
      case 1 -> ((first & 0x3F) << 8) | in.readUnsignedByte();
      case 2 ->
          switch (first) {
            case 0x80 -> Integer.toUnsignedLong(in.readInt());
            case 0x81 -> in.readLong();
            default ->
                throw new IOException("RDB: unknown length form 0x" + Integer.toHexString(first));
          };
      default -> throw new IOException("RDB: a special encoding where a length belongs");
    };
  }

  private static void skipString(DataInputStream in) throws IOException {
    int first = in.readUnsignedByte();
    long skip =
        first >> 6 != 3
            ? lengthFrom(first, in)
            : switch (first & 0x3F) {
              case 0 -> 1; // int8
              case 1 -> 2; // int16
              case 2 -> 4; // int32
              case 3 -> { // LZF: compressed length, uncompressed length, then the compressed bytes
                long compressed = length(in);
                length(in);
                yield compressed;
              }
              default -> throw new IOException("RDB: unknown string encoding " + (first & 0x3F));
            };
    in.skipNBytes(skip);
  }
}
