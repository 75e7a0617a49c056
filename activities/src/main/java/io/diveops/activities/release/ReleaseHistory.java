package io.diveops.activities.release;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The release record of every instance ({@code <instances>/<key>/release.json}): which release it
 * runs and which it ran before. Whether an instance is provisioned at all is read here too: a first
 * start must tell "never created" from "failed", or it pages for every service it has not created
 * yet.
 */
public final class ReleaseHistory {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Path instancesDir;

  public ReleaseHistory(Path instancesDir) {
    this.instancesDir = instancesDir;
  }

  /**
   * @param current the release the instance runs as DIVE Ops brought it up; null when it never did
   *     or when its stack was taken down on purpose (not provisioned)
   * @param history every release that deployed and verified, oldest first
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record InstanceState(String current, List<String> history) {
    public InstanceState {
      history = history == null ? List.of() : List.copyOf(history);
    }
  }

  /** Where an instance's release record is. */
  public Path file(String key) {
    return instancesDir.resolve(key).resolve("release.json");
  }

  /** The record of an instance; empty when DIVE Ops never brought it up. */
  public InstanceState state(String key) {
    Path file = file(key);
    if (!Files.exists(file)) {
      return new InstanceState(null, List.of());
    }
    try {
      return JSON.readValue(file.toFile(), InstanceState.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * A deploy verified {@code version}; {@code from} is what served before it (first record only).
   */
  public void deployed(String key, String version, String from) {
    List<String> history = new ArrayList<>(state(key).history());
    // The first deploy DIVE Ops records: the release it replaced was serving before it.
    if (history.isEmpty() && from != null && !from.equals(version)) {
      history.add(from);
    }
    if (history.isEmpty() || !history.get(history.size() - 1).equals(version)) {
      history.add(version);
    }
    write(file(key), new InstanceState(version, history));
  }

  /**
   * The stack was brought up whole (every service healthy) at {@code version}: from now on a
   * missing or dead service is a failure. A record that already names a current release is kept:
   * the stack only started what was missing, a deploy's release stays the truth.
   */
  public void provisioned(String key, String version) {
    InstanceState state = state(key);
    if (state.current() == null) {
      deployed(key, version, null);
    }
  }

  /** The stack was taken down on purpose: not provisioned until it is brought up again. */
  public void removed(String key) {
    InstanceState state = state(key);
    if (state.current() != null) {
      write(file(key), new InstanceState(null, state.history()));
    }
  }

  /** Written whole to a temporary name, then moved: a crash never leaves half a file. */
  public static void write(Path file, Object value) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, JSON.writeValueAsString(value), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
