package io.diveops.worker;

import io.diveops.activities.registry.RegistryActivitiesImpl;
import io.diveops.activities.registry.RegistryValidator;
import io.diveops.activities.selftest.SelfTestActivitiesImpl;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Activity implementations, wired from configuration. Every bean here is registered with the worker. */
@Configuration
public class ActivityConfiguration {

  @Bean
  RegistryActivitiesImpl registryActivities(DiveOpsProperties properties) {
    return new RegistryActivitiesImpl(
        new RegistryValidator(), properties.registry(), properties.schemaOverride());
  }

  @Bean
  SelfTestActivitiesImpl selfTestActivities() {
    return new SelfTestActivitiesImpl(java.lang.management.ManagementFactory.getRuntimeMXBean().getName());
  }
}
