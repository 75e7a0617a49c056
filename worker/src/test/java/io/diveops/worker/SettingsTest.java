package io.diveops.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * One settings source: the README's configuration table, the binding and its defaults agree, and
 * the worker's context (as {@code java -jar} starts it) binds what the commands bind.
 */
class SettingsTest {
  static final Path ROOT = Path.of(System.getProperty("dive.root", ".."));

  /** A README row: variable, property, default cell. */
  record Row(String variable, String property, String defaultCell) {}

  @Test
  void theReadmeTableNamesEveryPropertyByItsRelaxedVariable() throws IOException {
    Map<String, List<RecordComponent>> properties =
        leaves("dive-ops", DiveOpsProperties.class, List.of());
    List<Row> rows = readmeRows();
    assertThat(rows.stream().map(Row::property).filter(p -> p.startsWith("dive-ops.")))
        .as("README rows for dive-ops.*")
        .containsExactlyInAnyOrderElementsOf(properties.keySet());
    rows.stream()
        .filter(r -> r.property().startsWith("dive-ops."))
        .forEach(
            r ->
                assertThat(r.variable())
                    .as(r.property())
                    .isEqualTo(Settings.variable(r.property())));
  }

  @Test
  void theReadmeDefaultsAreTheBindingsDefaults() throws IOException {
    Settings settings = Settings.of(Map.of());
    Map<String, List<RecordComponent>> properties =
        leaves("dive-ops", DiveOpsProperties.class, List.of());
    for (Row row : readmeRows()) {
      Object bound =
          switch (row.property()) {
            case "spring.temporal.connection.target" -> settings.temporalTarget();
            case "spring.temporal.namespace" -> settings.temporalNamespace();
            default -> valueAt(settings.diveOps(), properties.get(row.property()));
          };
      String cell = row.defaultCell();
      if (cell.contains("(root)")) {
        String name = Path.of(literal(cell)).getFileName().toString();
        assertThat(bound).as(row.property()).isEqualTo(MachineState.dir().resolve(name));
      } else if (cell.startsWith("`")) {
        Object expected =
            row.property().startsWith("spring.")
                ? literal(cell)
                : convert(literal(cell), last(properties.get(row.property())));
        assertThat(bound).as(row.property()).isEqualTo(expected);
      } else {
        assertThat(
                bound == null
                    || bound.toString().isEmpty()
                    || bound instanceof Collection<?> c && c.isEmpty())
            .as(row.property() + " has no default, README: " + cell + ", bound: " + bound)
            .isTrue();
      }
    }
  }

  @Test
  void everyReadmeVariableSetsItsProperty() throws IOException {
    Map<String, List<RecordComponent>> properties =
        leaves("dive-ops", DiveOpsProperties.class, List.of());
    Map<String, String> env = new HashMap<>();
    Map<String, Object> expected = new LinkedHashMap<>();
    int n = 0;
    for (Row row : readmeRows()) {
      if (row.property().startsWith("spring.")) {
        env.put(row.variable(), "set-" + ++n);
        continue;
      }
      RecordComponent component = last(properties.get(row.property()));
      String value = sample(component, ++n);
      env.put(row.variable(), value);
      expected.put(row.property(), convert(value, component));
    }
    Settings settings = Settings.of(env);
    expected.forEach(
        (property, value) ->
            assertThat(valueAt(settings.diveOps(), properties.get(property)))
                .as(property)
                .isEqualTo(value));
    assertThat(settings.temporalTarget()).isEqualTo(env.get("TEMPORAL_ADDRESS"));
    assertThat(settings.temporalNamespace()).isEqualTo(env.get("TEMPORAL_NAMESPACE"));
    assertThat(settings.deprecatedVariables()).isEmpty();
  }

  @Test
  void theDeprecatedNamesSetTheSameProperties() {
    Map<String, List<RecordComponent>> properties =
        leaves("dive-ops", DiveOpsProperties.class, List.of());
    int n = 0;
    for (var alias : DeprecatedVariables.PROPERTIES.entrySet()) {
      RecordComponent component = last(properties.get(alias.getValue()));
      String value = sample(component, ++n);
      Settings old = Settings.of(Map.of(alias.getKey(), value));
      assertThat(old.diveOps())
          .as(alias.getKey())
          .isEqualTo(Settings.of(Map.of(Settings.variable(alias.getValue()), value)).diveOps())
          .isNotEqualTo(Settings.of(Map.of()).diveOps());
      assertThat(old.deprecatedVariables()).containsExactly(alias.getKey());
    }
  }

  @Test
  void theCurrentNameWinsOverTheDeprecatedOne() {
    Settings both =
        Settings.of(Map.of("DIVE_REGISTRY", "/old.json", "DIVE_OPS_REGISTRY", "/new.json"));
    assertThat(both.diveOps().registry()).isEqualTo(Path.of("/new.json"));
  }

  @Test
  void healthWatchIsOnUnlessTurnedOff() {
    assertThat(Settings.of(Map.of()).diveOps().healthWatch().enabled()).isTrue();
    assertThat(
            Settings.of(Map.of("DIVE_OPS_HEALTH_WATCH_ENABLED", "false"))
                .diveOps()
                .healthWatch()
                .enabled())
        .isFalse();
    // How WorkerProcess and AnyCloneIT's scripts turned it off before the rename.
    assertThat(
            Settings.of(Map.of("DIVE_OPS_HEALTH_WATCH", "false")).diveOps().healthWatch().enabled())
        .isFalse();
  }

  @Test
  void theWorkerStartedByJavaJarBindsWhatTheCommandsBind() {
    List<Map<String, String>> environments =
        List.of(
            Map.of(),
            Map.of(
                "DIVE_OPS_REGISTRY",
                "/r.json",
                "DIVE_OPS_HEALTH_WATCH_INTERVAL",
                "5s",
                "DIVE_OPS_TASK_QUEUE",
                "q",
                "DIVE_OPS_WORKER_PORT",
                "7999",
                "DIVE_OPS_BACKUPS_CATCHUP_WINDOW",
                "1h",
                "TEMPORAL_ADDRESS",
                "h:1"),
            Map.of(
                "DIVE_REGISTRY",
                "/old.json",
                "DIVE_OPS_TASK_QUEUE",
                "old-q",
                "DIVE_OPS_SECRETS",
                "/s",
                "DIVE_OPS_HEALTH_WATCH",
                "false"));
    for (Map<String, String> env : environments) {
      Settings commands = Settings.of(env);
      try (ConfigurableApplicationContext worker = workerContext(env)) {
        DiveOpsProperties bound = worker.getBean(DiveOpsProperties.class);
        Environment environment = worker.getEnvironment();
        assertThat(bound).as("env " + env).isEqualTo(commands.diveOps());
        assertThat(environment.getProperty("spring.temporal.connection.target"))
            .isEqualTo(commands.temporalTarget());
        assertThat(environment.getProperty("spring.temporal.namespace"))
            .isEqualTo(commands.temporalNamespace());
        // Spring's own settings that follow ours in application.yml, fallbacks included.
        assertThat(environment.getProperty("spring.temporal.workers[0].task-queue"))
            .isEqualTo(bound.taskQueue());
        assertThat(environment.getProperty("server.port", Integer.class))
            .isEqualTo(bound.workerPort());
      }
    }
  }

  /**
   * The worker's binding as SpringApplication does it (config files, post-processors), without its
   * beans.
   */
  private static ConfigurableApplicationContext workerContext(Map<String, String> env) {
    var environment = new StandardEnvironment();
    String name = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
    environment
        .getPropertySources()
        .replace(name, new SystemEnvironmentPropertySource(name, new HashMap<>(env)));
    return new SpringApplicationBuilder(BindingOnly.class)
        .web(WebApplicationType.NONE)
        .environment(environment)
        .logStartupInfo(false)
        .run();
  }

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(DiveOpsProperties.class)
  static class BindingOnly {}

  static List<Row> readmeRows() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String section = readme.substring(readme.indexOf("## Configuration"));
    List<Row> rows = new ArrayList<>();
    for (String line : section.lines().toList()) {
      String[] cells = line.split("\\s*\\|\\s*");
      // | `VARIABLE` | `property` | default | meaning |  (the script's own table has no property
      // column)
      if (cells.length >= 5
          && cells[1].startsWith("`")
          && cells[2].startsWith("`")
          && cells[2].contains(".")) {
        rows.add(new Row(literal(cells[1]), literal(cells[2]), cells[3]));
      }
      if (!rows.isEmpty() && line.isBlank()) {
        break;
      }
    }
    assertThat(rows).as("the configuration table's rows").hasSizeGreaterThan(20);
    return rows;
  }

  /**
   * Every leaf property of a settings record, by its kebab-case name, with the accessor path to it.
   */
  static Map<String, List<RecordComponent>> leaves(
      String prefix, Class<?> type, List<RecordComponent> path) {
    Map<String, List<RecordComponent>> leaves = new LinkedHashMap<>();
    for (RecordComponent component : type.getRecordComponents()) {
      String name =
          prefix + "." + component.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
      List<RecordComponent> to = new ArrayList<>(path);
      to.add(component);
      if (component.getType().isRecord()) {
        leaves.putAll(leaves(name, component.getType(), to));
      } else {
        leaves.put(name, to);
      }
    }
    return leaves;
  }

  static Object valueAt(Object root, List<RecordComponent> path) {
    Object value = root;
    for (RecordComponent component : path) {
      try {
        value = component.getAccessor().invoke(value);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return value;
  }

  /** Text bound as the property would bind it. */
  static Object convert(String text, RecordComponent component) {
    return new Binder(new MapConfigurationPropertySource(Map.of("v", text)))
        .bind("v", Bindable.of(ResolvableType.forType(component.getGenericType())))
        .get();
  }

  /** A value of the component's type unlike its default. */
  static String sample(RecordComponent component, int n) {
    Class<?> type = component.getType();
    if (type == boolean.class) {
      return component.getName().equals("enabled") || component.getName().equals("schedules")
          ? "false"
          : "true";
    }
    if (type == int.class) {
      return String.valueOf(1000 + n);
    }
    if (type == java.time.Duration.class) {
      return (100 + n) + "s";
    }
    if (type == List.class) {
      return "a" + n + ",b" + n;
    }
    return type == Path.class ? "/x/" + n : "x" + n;
  }

  static RecordComponent last(List<RecordComponent> path) {
    return path.get(path.size() - 1);
  }

  /** The text between a cell's first pair of backticks. */
  static String literal(String cell) {
    int start = cell.indexOf('`');
    return cell.substring(start + 1, cell.indexOf('`', start + 1));
  }
}
