package io.diveops.activities.backup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A tar archive built in a scratch file, to stream into a container: dumps can be larger than
 * memory, and Docker's archive upload is the only way into a container that has no shell access
 * from here. Ownership is set per entry, since the server in the container must own its files.
 */
final class ScratchTar implements AutoCloseable {
  private final Path file;
  private final TarArchiveOutputStream tar;

  ScratchTar(Path scratchDir) throws IOException {
    Files.createDirectories(scratchDir);
    this.file = Files.createTempFile(scratchDir, "restore-", ".tar");
    this.tar = new TarArchiveOutputStream(Files.newOutputStream(file));
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
  }

  ScratchTar dir(String name, int uid, int gid) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
    entry.setMode(040755);
    entry.setIds(uid, gid);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
    return this;
  }

  ScratchTar file(String name, InputStream content, long size, int uid, int gid)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(size);
    entry.setMode(0100644);
    entry.setIds(uid, gid);
    tar.putArchiveEntry(entry);
    long copied = content.transferTo(tar);
    if (copied != size) {
      throw new IOException(name + ": expected " + size + " bytes, read " + copied);
    }
    tar.closeArchiveEntry();
    return this;
  }

  ScratchTar file(String name, byte[] content, int uid, int gid) throws IOException {
    return file(name, new ByteArrayInputStream(content), content.length, uid, gid);
  }

  /** The finished archive, to read once. */
  InputStream stream() throws IOException {
    tar.close();
    return Files.newInputStream(file);
  }

  @Override
  public void close() throws IOException {
    tar.close();
    Files.deleteIfExists(file);
  }
}
