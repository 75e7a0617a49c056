package io.diveops.activities.backup;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.diveops.activities.docker.DockerEngine;
import io.diveops.activities.docker.DockerEngines;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.registry.SecretNames;
import io.diveops.activities.secrets.SecretStore;
import io.diveops.activities.stack.InstanceEndpoints;
import io.diveops.activities.stack.ResourceSeeder;
import io.temporal.activity.Activity;
import java.util.concurrent.TimeUnit;

/**
 * How backup and restore steps reach one instance's datastores: the registry says where, the secret
 * store gives the superuser password (inside the activity only), Docker runs the tools.
 */
final class InstanceDatastores {
  /**
   * The database (PostgreSQL and Mongo-wire) that holds the backup sentinel, apart from the
   * application's.
   */
  static final String SENTINEL_DATABASE = "dive_ops";

  private final SecretStore secrets;
  private final DockerEngines engines;

  InstanceDatastores(SecretStore secrets, DockerEngines engines) {
    this.secrets = secrets;
    this.engines = engines;
  }

  DockerEngine docker(Instance instance) {
    return engines.forInstance(instance);
  }

  static String container(Instance instance, String service) {
    return instance.services().get(service).containerName();
  }

  PostgresData postgres(Instance instance) {
    return new PostgresData(docker(instance), container(instance, "postgres"));
  }

  RedisData redis(Instance instance) {
    return new RedisData(docker(instance), container(instance, "redis"));
  }

  /**
   * The instance's Mongo-wire server, with reads allowed to take long: a dump streams large
   * collections.
   */
  static MongoClient mongo(Instance instance) {
    return MongoClients.create(
        MongoClientSettings.builder(ResourceSeeder.settings(instance))
            .applyToSocketSettings(s -> s.readTimeout(2, TimeUnit.MINUTES))
            .build());
  }

  String postgresPassword(Instance instance) {
    return secrets.resolve(SecretNames.of(instance, "postgres"));
  }

  static String jdbcBase(Instance instance) {
    return "jdbc:postgresql://"
        + InstanceEndpoints.host(instance)
        + ":"
        + instance.services().get("postgres").externalPort()
        + "/";
  }

  /** Tells Temporal this attempt is alive; long dumps and restores call it as they go. */
  static Runnable heartbeat(String what) {
    var context = Activity.getExecutionContext();
    return () -> context.heartbeat(what);
  }
}
