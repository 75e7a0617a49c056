import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * Benchmark data for backups: {@code seed <mongo-uri> <db> <count>} inserts resource documents
 * shaped like the sandbox's (resourceId bench-N); {@code clean <mongo-uri> <db>} removes them.
 * Run as a single-file program with the driver on the class path (bench/backup.sh does).
 */
public class SeedResources {
  public static void main(String[] args) {
    try (var client = MongoClients.create(args[1])) {
      var resources = client.getDatabase(args[2]).getCollection("resources");
      if (args[0].equals("clean")) {
        // In batches: the Mongo-wire server turns one delete into one SQL statement with a variable per document.
        long removed = 0;
        while (true) {
          List<Object> ids = new ArrayList<>();
          resources.find(Filters.regex("resourceId", "^bench-")).projection(new Document("_id", 1)).limit(500)
              .forEach(d -> ids.add(d.get("_id")));
          if (ids.isEmpty()) {
            break;
          }
          removed += resources.deleteMany(Filters.in("_id", ids)).getDeletedCount();
        }
        System.out.println("removed " + removed);
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
