package io.diveops.activities.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The product's only door to a Docker Engine: small, named operations over docker-java, each of
 * which turns the engine's errors into a {@link DockerException} that says which container and what
 * the engine answered, and whether trying again can help.
 */
public class DockerEngine implements AutoCloseable {
  static final Duration EXEC_EXIT_SETTLE = Duration.ofSeconds(10);
  private final DockerClient client;
  private final String host;

  public DockerEngine(DockerClient client, String host) {
    this.client = client;
    this.host = host;
  }

  public static DockerEngine connect(DockerHost host) {
    var config =
        DefaultDockerClientConfig.createDefaultConfigBuilder()
            .withDockerHost(host.uri())
            .withDockerTlsVerify(host.tlsCertPath().isPresent());
    host.tlsCertPath().ifPresent(path -> config.withDockerCertPath(path.toString()));
    DefaultDockerClientConfig built = config.build();
    var http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(built.getDockerHost())
            .sslConfig(built.getSSLConfig())
            .maxConnections(32)
            // Bounded, so an engine that stops answering fails a step instead of hanging a run.
            .connectionTimeout(Duration.ofSeconds(5))
            .responseTimeout(Duration.ofSeconds(120))
            .build();
    return new DockerEngine(DockerClientImpl.getInstance(built, http), host.uri());
  }

  // ---- lookup ---------------------------------------------------------------------------------

  /** Containers (running or not) carrying every given label. */
  public List<ContainerState> findByLabels(Map<String, String> labels) {
    return call(
        "list containers labelled " + labels,
        () -> {
          List<ContainerState> found = new ArrayList<>();
          for (Container c :
              client.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec()) {
            found.add(inspect(c.getId()).orElseThrow());
          }
          return found;
        });
  }

  /** The container's state, or empty when no container has that name or id. */
  public Optional<ContainerState> inspect(String nameOrId) {
    try {
      InspectContainerResponse r = client.inspectContainerCmd(nameOrId).exec();
      var state = r.getState();
      String health = health(state);
      Map<String, String> labels =
          r.getConfig().getLabels() == null ? Map.of() : r.getConfig().getLabels();
      return Optional.of(
          new ContainerState(
              r.getId(),
              r.getName().replaceFirst("^/", ""),
              r.getConfig().getImage(),
              state.getStatus(),
              Boolean.TRUE.equals(state.getRunning()),
              health,
              state.getExitCodeLong() == null ? null : state.getExitCodeLong().intValue(),
              labels));
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      throw translate("inspect container " + nameOrId, e);
    }
  }

  /** What a checkpoint records of a container; env values stay inside the activity that asked. */
  public record ContainerDetails(
      String image,
      String imageId,
      Map<String, String> env,
      Map<String, String> labels,
      List<String> ports,
      Map<String, String> volumes,
      String network) {}

  public Optional<ContainerDetails> details(String name) {
    try {
      InspectContainerResponse r = client.inspectContainerCmd(name).exec();
      List<String> ports = ports(r);
      Map<String, String> volumes = new java.util.TreeMap<>();
      if (r.getMounts() != null) {
        r.getMounts()
            .forEach(
                m ->
                    volumes.put(
                        m.getName() == null ? String.valueOf(m.getSource()) : m.getName(),
                        m.getDestination() == null ? "" : m.getDestination().getPath()));
      }
      return Optional.of(
          new ContainerDetails(
              r.getConfig().getImage(),
              r.getImageId(),
              env(r),
              r.getConfig().getLabels() == null ? Map.of() : r.getConfig().getLabels(),
              ports,
              volumes,
              r.getHostConfig().getNetworkMode()));
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      throw translate("inspect container " + name, e);
    }
  }

  /**
   * Everything drift detection compares of a container. Env values stay inside the activity that
   * asked: they are fingerprinted there, never returned.
   *
   * @param ports {@code hostIp:hostPort->containerPort}, sorted
   * @param networks the networks the container is attached to, sorted
   * @param restartPolicy Docker's name for it ({@code unless-stopped}, {@code no} …)
   * @param health "healthy", "unhealthy", "starting", or "none" without a health check
   */
  public record Observed(
      String name,
      String image,
      String imageId,
      Map<String, String> env,
      Map<String, String> labels,
      List<String> ports,
      List<String> networks,
      String restartPolicy,
      boolean running,
      String status,
      String health) {
    @Override
    public String toString() {
      return "Observed[" + name + " image=" + image + " env=" + env.keySet() + "]";
    }
  }

  /** The container as drift detection sees it, or empty when no container has that name. */
  public Optional<Observed> observe(String name) {
    try {
      InspectContainerResponse r = client.inspectContainerCmd(name).exec();
      List<String> ports = ports(r);
      List<String> networks =
          r.getNetworkSettings() == null || r.getNetworkSettings().getNetworks() == null
              ? List.of()
              : new ArrayList<>(r.getNetworkSettings().getNetworks().keySet());
      var restart = r.getHostConfig().getRestartPolicy();
      var state = r.getState();
      String health = health(state);
      return Optional.of(
          new Observed(
              r.getName().replaceFirst("^/", ""),
              r.getConfig().getImage(),
              r.getImageId(),
              env(r),
              r.getConfig().getLabels() == null ? Map.of() : r.getConfig().getLabels(),
              ports.stream().sorted().toList(),
              networks.stream().sorted().toList(),
              restart == null || restart.getName() == null || restart.getName().isEmpty()
                  ? "no"
                  : restart.getName(),
              Boolean.TRUE.equals(state.getRunning()),
              state.getStatus(),
              health));
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      throw translate("inspect container " + name, e);
    }
  }

  /** Published ports as {@code hostIp:hostPort->containerPort}. */
  private static List<String> ports(InspectContainerResponse r) {
    List<String> ports = new ArrayList<>();
    var bindings = r.getHostConfig().getPortBindings();
    if (bindings != null) {
      bindings
          .getBindings()
          .forEach(
              (port, binds) -> {
                if (binds != null) {
                  for (Ports.Binding b : binds) {
                    ports.add(b.getHostIp() + ":" + b.getHostPortSpec() + "->" + port.getPort());
                  }
                }
              });
    }
    return ports;
  }

  private static String health(InspectContainerResponse.ContainerState state) {
    return state.getHealth() == null || state.getHealth().getStatus() == null
        ? "none"
        : state.getHealth().getStatus();
  }

  /** The container's environment (for diffs inside activities; never returned to a workflow). */
  public Map<String, String> env(String name) {
    return call("inspect container " + name, () -> env(client.inspectContainerCmd(name).exec()));
  }

  private static Map<String, String> env(InspectContainerResponse r) {
    Map<String, String> env = new java.util.HashMap<>();
    if (r.getConfig().getEnv() != null) {
      for (String entry : r.getConfig().getEnv()) {
        int eq = entry.indexOf('=');
        env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
      }
    }
    return env;
  }

  /** The id the tag names now (it moves when the image is rebuilt), or empty when absent. */
  public Optional<String> imageId(String image) {
    try {
      return Optional.ofNullable(client.inspectImageCmd(image).exec().getId());
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      throw translate("inspect image " + image, e);
    }
  }

  public boolean imageExists(String image) {
    try {
      client.inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    } catch (RuntimeException e) {
      throw translate("inspect image " + image, e);
    }
  }

  // ---- networks and volumes ------------------------------------------------------------------

  /**
   * Creates the bridge network unless it exists; labels mark it as ours. Synchronized because
   * Docker accepts two networks of one name: two instances coming up at once must not make two.
   */
  public synchronized void ensureNetwork(String name, Map<String, String> labels) {
    call(
        "create network " + name,
        () -> {
          boolean exists =
              client.listNetworksCmd().withNameFilter(name).exec().stream()
                  .anyMatch(n -> n.getName().equals(name));
          if (!exists) {
            client.createNetworkCmd().withName(name).withDriver("bridge").withLabels(labels).exec();
          }
          return null;
        });
  }

  public void ensureVolume(String name, Map<String, String> labels) {
    call(
        "create volume " + name,
        () -> {
          try {
            client.inspectVolumeCmd(name).exec();
          } catch (NotFoundException e) {
            client.createVolumeCmd().withName(name).withLabels(labels).exec();
          }
          return null;
        });
  }

  public void removeNetwork(String name) {
    unlessGone("remove network " + name, () -> client.removeNetworkCmd(name).exec());
  }

  public void removeVolume(String name) {
    unlessGone("remove volume " + name, () -> client.removeVolumeCmd(name).exec());
  }

  // ---- container lifecycle -------------------------------------------------------------------

  /** Creates (does not start) a container from a spec; returns its id. */
  public String create(ContainerSpec spec) {
    return call(
        "create container " + spec.name() + " from " + spec.image(),
        () -> {
          List<PortBinding> bindings = new ArrayList<>();
          List<ExposedPort> exposed = new ArrayList<>();
          for (ContainerSpec.PortMapping p : spec.ports()) {
            ExposedPort port = ExposedPort.tcp(p.containerPort());
            exposed.add(port);
            bindings.add(
                new PortBinding(Ports.Binding.bindIpAndPort(p.hostIp(), p.hostPort()), port));
          }
          List<Bind> binds =
              spec.volumes().entrySet().stream()
                  .map(v -> new Bind(v.getKey(), new Volume(v.getValue())))
                  .toList();
          HostConfig hostConfig =
              HostConfig.newHostConfig()
                  .withPortBindings(bindings)
                  .withBinds(binds)
                  .withNetworkMode(spec.network())
                  .withRestartPolicy(RestartPolicy.unlessStoppedRestart());
          CreateContainerCmd cmd =
              client
                  .createContainerCmd(spec.image())
                  .withName(spec.name())
                  .withEnv(
                      spec.env().entrySet().stream()
                          .map(e -> e.getKey() + "=" + e.getValue())
                          .sorted()
                          .toList())
                  .withLabels(spec.labels())
                  .withExposedPorts(exposed)
                  .withHostConfig(hostConfig)
                  .withAliases(spec.aliases());
          if (!spec.command().isEmpty()) {
            cmd.withCmd(spec.command());
          }
          if (spec.health() != null) {
            var h = spec.health();
            cmd.withHealthcheck(
                new HealthCheck()
                    .withTest(h.test())
                    .withInterval(h.interval().toNanos())
                    .withTimeout(h.timeout().toNanos())
                    .withRetries(h.retries())
                    .withStartPeriod(h.startPeriod().toNanos()));
          }
          String id = cmd.exec().getId();
          try {
            spec.otherNetworks()
                .forEach(
                    (network, aliases) -> {
                      ensureNetwork(network, Map.of("dive.ops.managed", "true"));
                      client
                          .connectToNetworkCmd()
                          .withContainerId(id)
                          .withNetworkId(network)
                          .withContainerNetwork(new ContainerNetwork().withAliases(aliases))
                          .exec();
                    });
          } catch (RuntimeException e) {
            // A container missing one of its networks would start and look healthy: none at all.
            client.removeContainerCmd(id).withForce(true).exec();
            throw e;
          }
          return id;
        });
  }

  public void start(String name) {
    try {
      client.startContainerCmd(name).exec();
    } catch (NotModifiedException e) {
      // already running: starting is idempotent
    } catch (RuntimeException e) {
      throw translate("start container " + name, e);
    }
  }

  public void stop(String name, Duration grace) {
    try {
      client.stopContainerCmd(name).withTimeout((int) grace.toSeconds()).exec();
    } catch (NotModifiedException e) {
      // already stopped
    } catch (RuntimeException e) {
      throw translate("stop container " + name, e);
    }
  }

  public void rename(String name, String newName) {
    call(
        "rename container " + name + " to " + newName,
        () -> client.renameContainerCmd(name).withName(newName).exec());
  }

  /** Removes the container if it exists (forcing a running one), keeping its volumes. */
  public void remove(String name) {
    unlessGone(
        "remove container " + name,
        () -> client.removeContainerCmd(name).withForce(true).withRemoveVolumes(false).exec());
  }

  /**
   * Polls until the container is running and healthy (or has no health check), failing early when
   * it exits or Docker marks it unhealthy, and at the deadline otherwise.
   */
  public ContainerState waitHealthy(String name, Duration deadline) {
    return waitHealthy(name, deadline, () -> {});
  }

  /**
   * As {@link #waitHealthy(String, Duration)}, calling {@code onPoll} at each look (to heartbeat).
   */
  public ContainerState waitHealthy(String name, Duration deadline, Runnable onPoll) {
    Instant until = Instant.now().plus(deadline);
    ContainerState last = null;
    while (Instant.now().isBefore(until)) {
      onPoll.run();
      last =
          inspect(name)
              .orElseThrow(
                  () ->
                      new DockerException(
                          "container " + name + " does not exist on " + host, false, null));
      if (last.healthy()) {
        return last;
      }
      // "restarting": the restart policy is already bringing back a process that died; waiting
      // longer only watches it crash again.
      // The message goes into workflow history, results and alerts: it names where the logs are,
      // never what they say (a service that logs its configuration would leak its secrets).
      if ("exited".equals(last.status()) || "restarting".equals(last.status())) {
        throw new DockerException(
            "container "
                + name
                + " exited with code "
                + last.exitCode()
                + " while starting ("
                + logsHint(name)
                + ")",
            false,
            null);
      }
      if ("unhealthy".equals(last.health())) {
        throw new DockerException(
            "container " + name + " is unhealthy (" + logsHint(name) + ")", false, null);
      }
      pause(Duration.ofMillis(250));
    }
    throw new DockerException(
        "container "
            + name
            + " not healthy within "
            + deadline
            + " (status "
            + (last == null ? "?" : last.status() + ", health " + last.health())
            + ")",
        true,
        null);
  }

  private String logsHint(String name) {
    return "its logs: docker "
        + (host.startsWith("unix:") ? "" : "-H " + host + " ")
        + "logs --tail 20 "
        + name;
  }

  // ---- exec, logs, files ---------------------------------------------------------------------

  public record ExecResult(int exitCode, String stdout, String stderr) {}

  /** Runs a command in a running container and waits for it, within a deadline. */
  public ExecResult exec(String name, List<String> command, Duration deadline) {
    var out = new ByteArrayOutputStream();
    ExecResult result = execStreaming(name, command, out, deadline, () -> {});
    return new ExecResult(result.exitCode(), out.toString(StandardCharsets.UTF_8), result.stderr());
  }

  /**
   * Runs a command whose standard output is data (a database dump): it streams into {@code stdout}
   * rather than memory, and {@code onPoll} runs every few seconds while it works (to heartbeat).
   */
  public ExecResult execStreaming(
      String name, List<String> command, OutputStream stdout, Duration deadline, Runnable onPoll) {
    return call(
        "exec " + command.get(0) + " in " + name,
        () -> {
          String id =
              client
                  .execCreateCmd(name)
                  .withCmd(command.toArray(String[]::new))
                  .withAttachStdout(true)
                  .withAttachStderr(true)
                  .exec()
                  .getId();
          var err = new ByteArrayOutputStream();
          Instant until = Instant.now().plus(deadline);
          try (var callback = client.execStartCmd(id).exec(new FrameCollector(stdout, err))) {
            while (!callback.awaitCompletion(2, TimeUnit.SECONDS)) {
              if (Instant.now().isAfter(until)) {
                throw new DockerException(
                    "exec " + command.get(0) + " in " + name + " did not finish within " + deadline,
                    true,
                    null);
              }
              onPoll.run();
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerException("interrupted during exec in " + name, true, e);
          }
          // The attached output can end before the process does (or before the engine records its
          // exit
          // code): the exec then still reads "running" with no code, which turned pg_restore runs
          // into
          // "exited -1". Wait for the process itself, within the same deadline.
          var inspected = client.inspectExecCmd(id).exec();
          Instant settle = Instant.now().plus(EXEC_EXIT_SETTLE);
          while (inspected.getExitCodeLong() == null
              && (Boolean.TRUE.equals(inspected.isRunning())
                  ? Instant.now().isBefore(until)
                  : Instant.now().isBefore(settle))) {
            onPoll.run();
            pause(Duration.ofMillis(200));
            inspected = client.inspectExecCmd(id).exec();
          }
          Long code = inspected.getExitCodeLong();
          return new ExecResult(
              code == null ? -1 : code.intValue(), "", err.toString(StandardCharsets.UTF_8));
        });
  }

  /** The last lines of the container's output, for failure messages and evidence. */
  public String logsTail(String name, int lines) {
    try {
      var out = new ByteArrayOutputStream();
      try (var callback =
          client
              .logContainerCmd(name)
              .withStdOut(true)
              .withStdErr(true)
              .withTail(lines)
              .exec(new FrameCollector(out, out))) {
        callback.awaitCompletion(10, TimeUnit.SECONDS);
      }
      return out.toString(StandardCharsets.UTF_8);
    } catch (RuntimeException | InterruptedException | IOException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return "(no logs: " + e.getMessage() + ")";
    }
  }

  /** Mode of files only their owner may read: what holds a secret. */
  public static final int OWNER_ONLY = 0600;

  static final int WORLD_READABLE = 0644;

  /** Writes files (path inside the directory → content) into the container, as one tar archive. */
  public void copyIn(String name, String directory, Map<String, byte[]> files) {
    copyIn(name, directory, files, WORLD_READABLE);
  }

  /**
   * Writes files into the container with {@code mode}: Docker creates each file with the mode of
   * its tar entry, so a file holding secrets ({@link #OWNER_ONLY}) is never readable by others, not
   * even for the moment between writing it and a chmod.
   */
  public void copyIn(String name, String directory, Map<String, byte[]> files, int mode) {
    call(
        "copy " + files.size() + " file(s) into " + name + ":" + directory,
        () -> {
          client
              .copyArchiveToContainerCmd(name)
              .withRemotePath(directory)
              .withTarInputStream(new ByteArrayInputStream(tar(files, mode)))
              .exec();
          return null;
        });
  }

  /**
   * Streams a tar archive into the container, extracted under {@code directory}; ownership in the
   * archive is kept.
   */
  public void copyInArchive(String name, String directory, InputStream tar) {
    call(
        "copy an archive into " + name + ":" + directory,
        () -> {
          client
              .copyArchiveToContainerCmd(name)
              .withRemotePath(directory)
              .withTarInputStream(tar)
              .exec();
          return null;
        });
  }

  /** Streams a path of the container (a directory or a file) out as Docker's tar archive. */
  public void copyOutArchive(String name, String path, OutputStream out) {
    call(
        "copy " + name + ":" + path + " out",
        () -> {
          try (InputStream in = client.copyArchiveFromContainerCmd(name, path).exec()) {
            in.transferTo(out);
            return null;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** Reads one file out of a container. */
  public byte[] copyOut(String name, String path) {
    var bytes = new ByteArrayOutputStream();
    copyOutFile(name, path, bytes);
    return bytes.toByteArray();
  }

  /** Streams one file out of a container (a snapshot can be larger than memory). */
  public void copyOutFile(String name, String path, OutputStream out) {
    call(
        "copy " + name + ":" + path + " out",
        () -> {
          try (InputStream in = client.copyArchiveFromContainerCmd(name, path).exec();
              var tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry = tar.getNextEntry();
            if (entry == null) {
              throw new DockerException(name + ":" + path + " is empty", false, null);
            }
            tar.transferTo(out);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- internals -----------------------------------------------------------------------------

  static byte[] tar(Map<String, byte[]> files, int mode) {
    var bytes = new ByteArrayOutputStream();
    try (var tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (var file : files.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
        entry.setSize(file.getValue().length);
        entry.setMode(mode);
        tar.putArchiveEntry(entry);
        tar.write(file.getValue());
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Removal is idempotent: what is already gone counts as removed (a retried step may find it so).
   */
  private void unlessGone(String what, Runnable removal) {
    try {
      removal.run();
    } catch (NotFoundException e) {
      // already gone
    } catch (RuntimeException e) {
      throw translate(what, e);
    }
  }

  private <T> T call(String what, Supplier<T> operation) {
    try {
      return operation.get();
    } catch (DockerException e) {
      throw e;
    } catch (RuntimeException e) {
      throw translate(what, e);
    }
  }

  private void call(String what, Runnable operation) {
    call(
        what,
        () -> {
          operation.run();
          return null;
        });
  }

  /**
   * 404 and 409 are answers about the request (missing image or container, name taken): trying
   * again cannot help. Connection failures and server errors can pass: let Temporal retry them.
   */
  DockerException translate(String what, RuntimeException e) {
    String said = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().trim();
    boolean retryable =
        !(e instanceof NotFoundException
            || e instanceof ConflictException
            || e instanceof com.github.dockerjava.api.exception.BadRequestException
            || e instanceof DockerClientException);
    return new DockerException(what + " on " + host + " failed: " + said, retryable, e);
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DockerException("interrupted", true, e);
    }
  }

  /** Collects an attached stream's frames into stdout and stderr buffers. */
  private static final class FrameCollector extends ResultCallback.Adapter<Frame> {
    private final OutputStream out;
    private final OutputStream err;

    FrameCollector(OutputStream out, OutputStream err) {
      this.out = out;
      this.err = err;
    }

    @Override
    public void onNext(Frame frame) {
      byte[] payload = frame.getPayload();
      try {
        switch (frame.getStreamType()) {
          case STDERR -> err.write(payload);
          default -> out.write(payload);
        }
      } catch (IOException e) {
        // A full disk while streaming a dump: the exec is abandoned and the step fails with the
        // cause.
        onError(e);
      }
    }
  }
}
