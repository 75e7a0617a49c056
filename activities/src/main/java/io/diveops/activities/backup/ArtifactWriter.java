package io.diveops.activities.backup;

import io.diveops.api.backup.BackupManifest;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes one artifact into a staged backup while hashing and counting it, so the manifest's sha256
 * and size describe exactly the bytes that reached the store.
 */
public final class ArtifactWriter extends FilterOutputStream {
  private final String name;
  private final String kind;
  private final MessageDigest sha = sha256();
  private long size;
  private long reported;
  private Runnable onProgress = () -> {};

  private ArtifactWriter(OutputStream out, String name, String kind) {
    super(out);
    this.name = name;
    this.kind = kind;
  }

  public static ArtifactWriter open(
      BackupStore store, String instance, String id, String name, String kind) throws IOException {
    return new ArtifactWriter(store.create(instance, id, name), name, kind);
  }

  /** Called about every 8 MiB written: long dumps heartbeat through it. */
  public ArtifactWriter onProgress(Runnable progress) {
    this.onProgress = progress;
    return this;
  }

  private void progressed() {
    if (size - reported >= 8L << 20) {
      reported = size;
      onProgress.run();
    }
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    sha.update((byte) b);
    size++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    sha.update(b, off, len);
    size += len;
    progressed();
  }

  public long size() {
    return size;
  }

  /** Closes the file (flushing it to the store) and describes what was written. */
  public BackupManifest.Artifact finish() throws IOException {
    close();
    return new BackupManifest.Artifact(name, kind, HexFormat.of().formatHex(sha.digest()), size);
  }

  /** The sha256 of a stream, read to its end. */
  public static String sha256Of(InputStream in) throws IOException {
    MessageDigest digest = sha256();
    try (var din = new DigestInputStream(in, digest)) {
      din.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
