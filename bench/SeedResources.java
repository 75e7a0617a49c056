import com.mongodb.client.MongoClients;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * Benchmark data for backups: {@code seed <mongo-uri> <db> <count>} inserts resource documents
 * shaped like the sandbox's into {@code bench_resources}; {@code clean <mongo-uri> <db>} drops it.
 * Run as a single-file program with the driver on the class path (bench/backup.sh does).
 */
public class SeedResources {
  static final String COLLECTION = "bench_resources";

  public static void main(String[] args) {
    try (var client = MongoClients.create(args[1])) {
      // A collection of its own: removed whole afterwards (deleting 100 000 documents one by one takes
      // the Mongo-wire server minutes), and the instance's own resources are never touched.
      var resources = client.getDatabase(args[2]).getCollection(COLLECTION);
      if (args[0].equals("clean")) {
        resources.drop();
        System.out.println("dropped " + COLLECTION);
        return;
      }
      int count = Integer.parseInt(args[3]);
      String[] levels = {"UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "TOP_SECRET"};
      List<Document> batch = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        batch.add(new Document("resourceId", "bench-" + i).append("title", "Benchmark resource " + i)
            .append("classification", levels[i % levels.length])
            .append("releasabilityTo", List.of("USA", "FRA", "GBR").subList(0, 1 + i % 3))
            .append("COI", i % 5 == 0 ? List.of("NATO") : List.of())
            .append("summary", "Logistics and planning annex " + i + " for the coalition exercise; distribution per caveats."));
        if (batch.size() == 2000) {
          resources.insertMany(batch);
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        resources.insertMany(batch);
      }
      System.out.println("resources now " + resources.countDocuments());
    }
  }
}
