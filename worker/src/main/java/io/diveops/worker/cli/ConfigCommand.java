package io.diveops.worker.cli;

import io.diveops.activities.registry.FederationRegistry;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.registry.RegistryReader;
import io.diveops.activities.registry.RegistryValidator;
import io.diveops.activities.registry.UnusableRegistryException;
import io.diveops.activities.release.Release;
import io.diveops.activities.release.ReleaseHistory;
import io.diveops.activities.release.ReleaseReader;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.secrets.SecretStores;
import io.diveops.activities.stack.ComposeDiff;
import io.diveops.activities.stack.ComposeFile;
import io.diveops.api.registry.ValidationReport;
import io.diveops.worker.DiveOpsProperties;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code dive-ops config generate|diff}: configuration from the registry (GAP-C1).
 *
 * <ul>
 *   <li>{@code generate --instance KEY [--registry F] [--release V] [--out FILE]}: the instance's
 *       {@code docker-compose.yml}, from the layout deploys create containers with; no secret value
 *       in it. Exit 0 written, 1 the registry is invalid, 2 bad arguments or nothing usable to
 *       generate from.
 *   <li>{@code diff [--registry F] [--release V] [--instance KEY] FILE…}: every difference of
 *       hand-written compose files from the registry, one line each. Exit 0 none, 1 differences, 2
 *       could not decide (a file unreadable or of no instance, a variable unset, the registry
 *       unusable or invalid).
 * </ul>
 */
public class ConfigCommand {
  public static final int OK = 0;
  public static final int DIFFERENT = 1;
  public static final int INVALID = 1;
  public static final int UNUSABLE = 2;
  static final String USAGE =
      "usage: dive-ops config generate --instance KEY [--registry FILE] [--release VERSION]"
          + " [--out FILE]\n"
          + "       dive-ops config diff [--registry FILE] [--release VERSION] [--instance KEY]"
          + " COMPOSE.yml...";

  private final PrintStream out;
  private final PrintStream err;
  private final DiveOpsProperties settings;
  private final Map<String, String> environment;
  private final Supplier<SecretStore> store;

  /**
   * @param settings the registry, releases, release records and secret store the worker uses
   */
  public ConfigCommand(PrintStream out, PrintStream err, DiveOpsProperties settings) {
    this(out, err, settings, System.getenv(), settings::openSecretStore);
  }

  /**
   * @param environment what a compose file's variables read (the caller's, as Compose's would)
   * @param store the store secret versions are read from (never a value)
   */
  public ConfigCommand(
      PrintStream out,
      PrintStream err,
      DiveOpsProperties settings,
      Map<String, String> environment,
      Supplier<SecretStore> store) {
    this.out = out;
    this.err = err;
    this.settings = settings;
    this.environment = environment;
    this.store = store;
  }

  /** The options both actions share; {@code files} are the arguments that are none. */
  private record Options(
      Path registry, String release, String instance, Path output, List<Path> files) {}

  /** Thrown with the message to print and the exit code to return. */
  private static final class Refused extends RuntimeException {
    final int exitCode;

    Refused(int exitCode, String message) {
      super(message);
      this.exitCode = exitCode;
    }
  }

  public int run(String... args) {
    if (args.length == 0 || !List.of("generate", "diff", "-h", "--help").contains(args[0])) {
      err.println(USAGE);
      return UNUSABLE;
    }
    if (args[0].startsWith("-")) {
      out.println(USAGE);
      return OK;
    }
    try {
      Options options = options(args);
      return args[0].equals("generate") ? generate(options) : diff(options);
    } catch (Refused e) {
      err.println("error: " + e.getMessage());
      return e.exitCode;
    }
  }

  private Options options(String... args) {
    Path registry = settings.registry();
    String release = null;
    String instance = null;
    Path output = null;
    List<Path> files = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-")) {
        files.add(Path.of(arg));
        continue;
      }
      if (i + 1 == args.length
          || !List.of("--registry", "--release", "--instance", "--out").contains(arg)) {
        throw new Refused(
            UNUSABLE,
            (List.of("--registry", "--release", "--instance", "--out").contains(arg)
                    ? arg + " needs a value"
                    : "unknown option '" + arg + "'")
                + "\n"
                + USAGE);
      }
      String value = args[++i];
      switch (arg) {
        case "--registry" -> registry = Path.of(value);
        case "--release" -> release = value;
        case "--instance" -> instance = value;
        default -> output = Path.of(value);
      }
    }
    return new Options(registry, release, instance, output, files);
  }

  private int generate(Options options) {
    if (options.instance() == null) {
      throw new Refused(UNUSABLE, "generate needs --instance KEY\n" + USAGE);
    }
    if (!options.files().isEmpty()) {
      throw new Refused(
          UNUSABLE, "generate takes no file: '" + options.files().get(0) + "'\n" + USAGE);
    }
    FederationRegistry registry =
        registry(options.registry(), INVALID, "no compose file is generated from it");
    String key = options.instance();
    Instance instance = registry.instances().get(key);
    if (instance == null) {
      throw new Refused(
          UNUSABLE,
          "instance '"
              + key
              + "' is not in the registry "
              + options.registry()
              + " (known: "
              + String.join(", ", registry.instances().keySet())
              + ")");
    }
    if (!instance.enabled()) {
      throw new Refused(
          UNUSABLE, "instance '" + key + "' is disabled in the registry " + options.registry());
    }
    Release release = release(key, options.release());
    ComposeFile.Generated generated;
    SecretStore secrets = openStore();
    try {
      generated =
          new ComposeFile(registry.defaults(), name -> version(secrets, name))
              .generate(key, instance, release, options.registry().toString());
    } catch (IllegalArgumentException e) {
      throw new Refused(UNUSABLE, e.getMessage());
    } finally {
      SecretStores.close(secrets);
    }
    List<String> unpinned =
        generated.versions().entrySet().stream()
            .filter(e -> e.getValue() == null)
            .map(Map.Entry::getKey)
            .toList();
    if (!unpinned.isEmpty()) {
      err.println(
          "warning: the secret store has no version of "
              + String.join(", ", unpinned)
              + ": their dive.ops.secret.* labels read ${<VARIABLE>_VERSION}");
    }
    if (options.output() == null) {
      out.print(generated.yaml());
    } else {
      try {
        Files.writeString(options.output(), generated.yaml(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new Refused(UNUSABLE, "cannot write " + options.output() + ": " + e.getMessage());
      }
      err.println(
          "wrote "
              + options.output()
              + ": instance "
              + key
              + " at release "
              + release.version()
              + ", "
              + generated.secrets().size()
              + " secret variables to export");
    }
    return OK;
  }

  private int diff(Options options) {
    if (options.files().isEmpty()) {
      throw new Refused(UNUSABLE, "diff needs at least one compose file\n" + USAGE);
    }
    if (options.output() != null) {
      throw new Refused(UNUSABLE, "diff prints its lines: --out is for generate\n" + USAGE);
    }
    FederationRegistry registry =
        registry(options.registry(), UNUSABLE, "nothing is compared with it");
    Optional<Release> release =
        options.release() == null ? Optional.empty() : Optional.of(read(options.release()));
    ComposeDiff diff = new ComposeDiff(registry, release, environment);
    boolean different = false;
    boolean undecided = false;
    for (Path file : options.files()) {
      ComposeDiff.Report report = diff.diff(file, Optional.ofNullable(options.instance()));
      report.differences().forEach(d -> out.println(d.line()));
      report.undecided().forEach(line -> err.println("cannot decide: " + line));
      different |= !report.differences().isEmpty();
      undecided |= !report.undecided().isEmpty();
      if (report.instance() != null) {
        err.println(
            file
                + ": "
                + (report.differences().isEmpty()
                    ? "no difference from"
                    : report.differences().size()
                        + (report.differences().size() == 1
                            ? " difference from"
                            : " differences from"))
                + " instance "
                + report.instance()
                + " of "
                + options.registry()
                + release.map(r -> " and release " + r.version()).orElse(""));
      }
    }
    return undecided ? UNUSABLE : different ? DIFFERENT : OK;
  }

  /** The registry, once it validates; its errors are printed when it does not. */
  private FederationRegistry registry(Path file, int invalidExit, String consequence) {
    ValidationReport report;
    try {
      report = new RegistryValidator().validate(file, settings.schemaOverride());
    } catch (UnusableRegistryException e) {
      throw new Refused(UNUSABLE, e.getMessage());
    }
    if (!report.valid()) {
      report.errors().forEach(f -> err.println("error    " + f.line()));
      throw new Refused(
          invalidExit,
          file + " is invalid (" + report.errors().size() + " errors): " + consequence);
    }
    return new RegistryReader().read(file).model().orElseThrow();
  }

  /**
   * The release asked for; else the one the instance runs (its release record); else the newest
   * release file.
   */
  private Release release(String key, String asked) {
    String version = asked;
    String why = "as asked";
    if (version == null) {
      ReleaseHistory history = new ReleaseHistory(settings.instancesDir());
      try {
        version = history.state(key).current();
      } catch (UncheckedIOException e) {
        throw new Refused(UNUSABLE, e.getMessage() + ": name a release with --release");
      }
      why = "the release " + key + " runs, as " + history.file(key) + " records";
    }
    if (version == null) {
      version =
          new ReleaseReader(settings.releasesDir())
              .newest()
              .orElseThrow(
                  () ->
                      new Refused(
                          UNUSABLE,
                          "no release: "
                              + key
                              + " has no release record and "
                              + settings.releasesDir()
                              + " has no release file; name one with --release"));
      why = "the newest in " + settings.releasesDir() + "; " + key + " has no release record";
    }
    err.println("release " + version + " (" + why + ")");
    return read(version);
  }

  private Release read(String version) {
    try {
      return new ReleaseReader(settings.releasesDir()).read(version);
    } catch (IllegalArgumentException e) {
      throw new Refused(UNUSABLE, e.getMessage());
    }
  }

  /** The configured store, for versions only; none (every version a variable) when it fails. */
  private SecretStore openStore() {
    try {
      return store.get();
    } catch (RuntimeException e) {
      err.println("warning: the secret store cannot be opened: " + e.getMessage());
      return null;
    }
  }

  private static Optional<String> version(SecretStore secrets, String name) {
    if (secrets == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(secrets.version(name));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
