package io.diveops.activities.stack;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.diveops.activities.registry.Instance;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/** Seeds an instance's resource-metadata database with a few documents, idempotently. */
public final class ResourceSeeder {
  static final String COLLECTION = "resources";

  private ResourceSeeder() {}

  public static String connectionString(Instance instance) {
    return "mongodb://"
        + InstanceEndpoints.host(instance)
        + ":"
        + instance.services().get("mongodb").externalPort()
        + "/";
  }

  public static MongoClientSettings settings(Instance instance) {
    // Bounded everywhere: a dead server fails a step in seconds, not after the driver's 30 s.
    return MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(connectionString(instance)))
        .applyToClusterSettings(c -> c.serverSelectionTimeout(3, TimeUnit.SECONDS))
        .applyToSocketSettings(
            s -> s.connectTimeout(3, TimeUnit.SECONDS).readTimeout(5, TimeUnit.SECONDS))
        .build();
  }

  public static String database(Instance instance) {
    return instance.mongodb() == null || instance.mongodb().database() == null
        ? "dive-v3"
        : instance.mongodb().database();
  }

  /**
   * Upserts the sample resources; returns the collection's document count. Documents 1 and 2 are
   * releasable to the instance's federation partners ({@code partnerCodes}), so a partner's user
   * reaches them; 3 and 5 to the instance's own nation only; 4 to the Five Eyes seed nations.
   */
  public static long seed(String key, Instance instance, List<String> partnerCodes) {
    try (var client = MongoClients.create(settings(instance))) {
      var resources = client.getDatabase(database(instance)).getCollection(COLLECTION);
      String code = instance.code();
      List<String> federation = new java.util.ArrayList<>(List.of(code));
      federation.addAll(partnerCodes);
      for (Document doc :
          List.of(
              resource(key + "-doc-1", "Exercise schedule", "UNCLASSIFIED", federation, List.of()),
              resource(
                  key + "-doc-2", "Logistics summary", "CONFIDENTIAL", federation, List.of("NATO")),
              resource(
                  key + "-doc-3", "Threat assessment", "SECRET", List.of(code), List.of("NATO")),
              resource(
                  key + "-doc-4",
                  "Signals annex",
                  "TOP_SECRET",
                  List.of(code, "USA", "GBR"),
                  List.of("FVEY")),
              resource(key + "-doc-5", "National brief", "SECRET", List.of(code), List.of()))) {
        resources.replaceOne(
            Filters.eq("resourceId", doc.getString("resourceId")),
            doc,
            new ReplaceOptions().upsert(true));
      }
      return resources.countDocuments();
    }
  }

  private static Document resource(
      String id, String title, String classification, List<String> releasableTo, List<String> coi) {
    return new Document("resourceId", id)
        .append("title", title)
        .append("classification", classification)
        .append("releasabilityTo", releasableTo.stream().distinct().toList())
        .append("COI", coi);
  }
}
