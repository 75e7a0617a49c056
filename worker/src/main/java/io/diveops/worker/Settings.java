package io.diveops.worker;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The settings as the command-line commands see them, which run without a Spring context (a
 * pre-commit hook must stay fast): the same environment the worker's context builds (process
 * environment, application.yml and any config files Spring Boot finds, the deprecated names) bound
 * by the same {@link Binder}, so {@code dive-ops validate} judges the registry the worker would
 * use.
 *
 * @param diveOps the {@code dive-ops.*} properties, as the worker binds them
 * @param temporalTarget {@code spring.temporal.connection.target}: where the Temporal frontend is
 * @param temporalNamespace {@code spring.temporal.namespace}
 * @param deprecatedVariables the old variable names that were set (and honoured)
 */
public record Settings(
    DiveOpsProperties diveOps,
    String temporalTarget,
    String temporalNamespace,
    List<String> deprecatedVariables) {

  /** From this process's environment. */
  public static Settings fromEnvironment() {
    return load(new StandardEnvironment());
  }

  /** As {@link #fromEnvironment()}, with {@code variables} instead of the process environment. */
  public static Settings of(Map<String, String> variables) {
    var environment = new StandardEnvironment();
    String name = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
    environment
        .getPropertySources()
        .replace(name, new SystemEnvironmentPropertySource(name, new HashMap<>(variables)));
    return load(environment);
  }

  private static Settings load(ConfigurableEnvironment environment) {
    // The two steps SpringApplication takes before the worker binds: config files, then old names.
    ConfigDataEnvironmentPostProcessor.applyTo(environment);
    List<String> deprecated = DeprecatedVariables.apply(environment);
    ConfigurationPropertySources.attach(environment);
    Binder binder = Binder.get(environment);
    return new Settings(
        binder.bindOrCreate("dive-ops", DiveOpsProperties.class),
        binder.bind("spring.temporal.connection.target", String.class).get(),
        binder.bind("spring.temporal.namespace", String.class).get(),
        deprecated);
  }

  /**
   * The environment variable of a property: every dot and dash an underscore, upper case ({@code
   * dive-ops.health-watch.interval} ← {@code DIVE_OPS_HEALTH_WATCH_INTERVAL}). Spring's relaxed
   * binding reads a variable under two names: this one, and its documented one, which drops the
   * dashes and so would turn our prefix into {@code DIVEOPS_}; both bind.
   */
  public static String variable(String property) {
    return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }
}
