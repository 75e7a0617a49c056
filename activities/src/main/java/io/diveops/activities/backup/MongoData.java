package io.diveops.activities.backup;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.RawBsonDocument;

/**
 * The Mongo-wire datastore through the Java driver, since the MongoDB database tools cannot be
 * built from the registries reachable here. The layout is mongodump's: one {@code <db>/<coll>.bson}
 * of concatenated BSON documents and one {@code <coll>.metadata.json} with the indexes per
 * collection, so {@code mongorestore --dir} can also read a backup by hand.
 */
public final class MongoData {
  private static final Set<String> SYSTEM_DATABASES = Set.of("admin", "local", "config");
  private static final int BATCH = 1000;

  private final MongoClient client;

  public MongoData(MongoClient client) {
    this.client = client;
  }

  /** Documents per collection ({@code db.collection}) in every user database. */
  public Map<String, Long> countDocuments() {
    Map<String, Long> counts = new TreeMap<>();
    for (String db : databases()) {
      for (String coll : client.getDatabase(db).listCollectionNames()) {
        counts.put(db + "." + coll, client.getDatabase(db).getCollection(coll).countDocuments());
      }
    }
    return counts;
  }

  public List<String> databases() {
    List<String> names = new ArrayList<>();
    client
        .listDatabaseNames()
        .forEach(
            n -> {
              if (!SYSTEM_DATABASES.contains(n)) {
                names.add(n);
              }
            });
    return names;
  }

  public List<String> collections(String db) {
    List<String> names = new ArrayList<>();
    client.getDatabase(db).listCollectionNames().forEach(names::add);
    names.sort(null);
    return names;
  }

  /** Where a dump's files go, one artifact at a time. */
  public interface ArtifactSink {
    void write(String name, String kind, ArtifactBody body) throws Exception;
  }

  /**
   * Dumps every collection of every user database in mongodump's layout and returns, per {@code
   * db.collection}, the documents written into the dump. A count taken before or after would
   * describe another moment: applications keep writing while a backup runs, and the restore test
   * compares against these numbers.
   */
  public Map<String, Long> dump(ArtifactSink sink, Runnable onPoll) throws Exception {
    Map<String, Long> written = new TreeMap<>();
    for (String db : databases()) {
      for (String coll : collections(db)) {
        String base = "mongodb/" + db + "/" + coll;
        sink.write(
            base + ".bson",
            "mongodb-collection",
            out -> written.put(db + "." + coll, dumpCollection(db, coll, out, onPoll)));
        sink.write(
            base + ".metadata.json", "mongodb-metadata", out -> out.write(metadata(db, coll)));
      }
    }
    return written;
  }

  /** Writes every document of a collection as raw BSON, as stored; returns how many. */
  public long dumpCollection(String db, String coll, OutputStream out, Runnable onPoll)
      throws IOException {
    long n = 0;
    for (RawBsonDocument doc :
        client.getDatabase(db).getCollection(coll, RawBsonDocument.class).find()) {
      var bytes = doc.getByteBuffer();
      out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
      if (++n % 10_000 == 0) {
        onPoll.run();
      }
    }
    return n;
  }

  /** mongodump's metadata file: the collection's indexes. */
  public byte[] metadata(String db, String coll) {
    List<Document> indexes = new ArrayList<>();
    client.getDatabase(db).getCollection(coll).listIndexes().forEach(indexes::add);
    return new Document("indexes", indexes)
        .append("collectionName", coll)
        .toJson()
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Replaces a collection with the documents of a dump, then rebuilds its indexes. */
  public long restoreCollection(
      String db, String coll, InputStream bson, byte[] metadata, Runnable onPoll)
      throws IOException {
    MongoCollection<RawBsonDocument> target =
        client.getDatabase(db).getCollection(coll, RawBsonDocument.class);
    target.drop();
    client.getDatabase(db).createCollection(coll);
    long n = 0;
    List<RawBsonDocument> batch = new ArrayList<>(BATCH);
    var in = new DataInputStream(bson);
    byte[] lengthBytes = new byte[4];
    while (true) {
      try {
        in.readFully(lengthBytes);
      } catch (EOFException e) {
        break;
      }
      int length =
          (lengthBytes[0] & 0xff)
              | (lengthBytes[1] & 0xff) << 8
              | (lengthBytes[2] & 0xff) << 16
              | (lengthBytes[3] & 0xff) << 24;
      if (length < 5 || length > 16 * 1024 * 1024) {
        throw new IOException(
            db
                + "."
                + coll
                + ": document "
                + (n + 1)
                + " claims "
                + length
                + " bytes: the dump is damaged");
      }
      byte[] doc = new byte[length];
      System.arraycopy(lengthBytes, 0, doc, 0, 4);
      in.readFully(doc, 4, length - 4);
      batch.add(new RawBsonDocument(doc));
      n++;
      if (batch.size() == BATCH) {
        target.insertMany(batch);
        batch.clear();
        onPoll.run();
      }
    }
    if (!batch.isEmpty()) {
      target.insertMany(batch);
    }
    if (metadata != null) {
      for (Object index :
          Document.parse(new String(metadata, StandardCharsets.UTF_8))
              .getList("indexes", Object.class)) {
        Document spec = (Document) index;
        if (!"_id_".equals(spec.getString("name"))) {
          client
              .getDatabase(db)
              .getCollection(coll)
              .createIndex(
                  (Document) spec.get("key"),
                  new IndexOptions()
                      .name(spec.getString("name"))
                      .unique(Boolean.TRUE.equals(spec.getBoolean("unique"))));
        }
      }
    }
    return n;
  }

  /** Creates or replaces the backup sentinel: one document in a database of its own. */
  public void writeSentinel(String db, String value) {
    client
        .getDatabase(db)
        .getCollection("backup_sentinel")
        .replaceOne(
            new Document("_id", 1),
            new Document("_id", 1).append("value", value),
            new com.mongodb.client.model.ReplaceOptions().upsert(true));
  }

  public String readSentinel(String db) {
    Document doc =
        client
            .getDatabase(db)
            .getCollection("backup_sentinel")
            .find(new Document("_id", 1))
            .first();
    return doc == null ? "" : doc.getString("value");
  }

  public String serverVersion() {
    Document info = client.getDatabase("admin").runCommand(new Document("buildInfo", 1));
    Object ferret = info.get("ferretdbVersion");
    return info.getString("version") + (ferret == null ? "" : " (FerretDB " + ferret + ")");
  }
}
