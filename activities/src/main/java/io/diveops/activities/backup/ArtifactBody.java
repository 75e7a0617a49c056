package io.diveops.activities.backup;

import java.io.OutputStream;

/** What writes one artifact's bytes into the staged backup. */
@FunctionalInterface
public interface ArtifactBody {
  void write(OutputStream out) throws Exception;
}
