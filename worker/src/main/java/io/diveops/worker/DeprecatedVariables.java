package io.diveops.worker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The environment variables operators' scripts set before the settings had one naming scheme. Each
 * is read as the property it always meant, just below the environment itself: the current name wins
 * when both are set, and either wins over application.yml. The worker applies this through
 * META-INF/spring.factories, the command-line commands through {@link Settings}, so an old name
 * means the same to both.
 */
public class DeprecatedVariables implements EnvironmentPostProcessor {
  static final String SOURCE = "diveOpsDeprecatedVariables";

  /** Old name → property. The current variable is the property's own: see the README. */
  static final Map<String, String> PROPERTIES = aliases();

  private static Map<String, String> aliases() {
    Map<String, String> aliases =
        new LinkedHashMap<>(
            Map.of(
                "DIVE_REGISTRY",
                "dive-ops.registry",
                "DIVE_REGISTRY_SCHEMA",
                "dive-ops.registry-schema",
                "DIVE_RELEASES",
                "dive-ops.releases-dir",
                "DIVE_OPS_SECRETS",
                "dive-ops.secrets-dir",
                "DIVE_OPS_INSTANCES",
                "dive-ops.instances-dir",
                "DIVE_OPS_DOCKER_CERTS",
                "dive-ops.docker-cert-root",
                "DIVE_OPS_HEALTH_WATCH",
                "dive-ops.health-watch.enabled"));
    // The README listed these dashless names, yet the worker never read them (Spring reads
    // DIVE_OPS_BACKUPS_BACKUP_CRON); only the schedules command did, by hand.
    for (String name :
        List.of(
            "keep-all-for",
            "daily-days",
            "weekly-for",
            "backup-cron",
            "verify-cron",
            "catchup-window")) {
      aliases.put(
          "DIVE_OPS_BACKUPS_" + name.replace("-", "").toUpperCase(Locale.ROOT),
          "dive-ops.backups." + name);
    }
    return Map.copyOf(aliases);
  }

  private final Log log;

  public DeprecatedVariables(DeferredLogFactory logs) {
    this.log = logs.getLog(DeprecatedVariables.class);
  }

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    for (String old : apply(environment)) {
      log.warn(warning(old));
    }
  }

  /** Adds the old names' values as their properties; returns the old names that were set. */
  static List<String> apply(ConfigurableEnvironment environment) {
    PropertySource<?> variables =
        environment
            .getPropertySources()
            .get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> used = new ArrayList<>();
    if (variables != null) {
      PROPERTIES.forEach(
          (old, property) -> {
            // Exact names only: the source's own fallbacks would read DIVE_REGISTRY for
            // "dive.registry".
            Object value = variables.getSource() instanceof Map<?, ?> map ? map.get(old) : null;
            // As "${DIVE_REGISTRY_SCHEMA:}" did: an empty variable counts as unset.
            if (value != null && !value.toString().isBlank()) {
              properties.put(property, value);
              used.add(old);
            }
          });
    }
    if (!properties.isEmpty()) {
      environment
          .getPropertySources()
          .addAfter(
              StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
              new MapPropertySource(SOURCE, properties));
    }
    return used.stream().sorted().toList();
  }

  static String warning(String old) {
    return old + " is deprecated: set " + Settings.variable(PROPERTIES.get(old)) + " instead";
  }
}
