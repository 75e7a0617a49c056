package io.diveops.activities.deploy;

import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.stack.StackLayout;
import io.diveops.api.deploy.Checkpoint.ContainerCheckpoint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads a checkpoint entry from Docker: the record lives in the API, the reading here. */
public final class ContainerCheckpoints {
  private ContainerCheckpoints() {}

  /** What is recorded of a container (or of its absence): env keys and a digest, never values. */
  public static ContainerCheckpoint of(
      String service, String container, Optional<DockerEngine.ContainerDetails> details) {
    if (details.isEmpty()) {
      return new ContainerCheckpoint(
          service, container, null, null, null, List.of(), null, List.of(), Map.of(), Map.of(),
          null);
    }
    DockerEngine.ContainerDetails d = details.get();
    return new ContainerCheckpoint(
        service,
        container,
        d.image(),
        d.imageId(),
        d.labels().get(StackLayout.LABEL_RELEASE),
        new ArrayList<>(new TreeMap<>(d.env()).keySet()),
        digest(d.env()),
        d.ports(),
        d.volumes(),
        d.labels(),
        d.network());
  }

  private static String digest(Map<String, String> env) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      new TreeMap<>(env)
          .forEach((k, v) -> sha.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8)));
      return "sha256:" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
