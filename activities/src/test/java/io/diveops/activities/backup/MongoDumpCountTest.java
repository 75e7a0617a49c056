package io.diveops.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import com.mongodb.client.FindIterable;
import com.mongodb.client.ListCollectionNamesIterable;
import com.mongodb.client.ListIndexesIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoIterable;
import java.io.ByteArrayOutputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;
import org.mockito.Answers;

/**
 * The documents recorded for a collection are those written into its dump: an application that
 * inserts while the backup runs must not make the count differ from the dump (the restore test
 * would then fail a healthy backup).
 */
class MongoDumpCountTest {

  @Test
  @SuppressWarnings("unchecked")
  void theCountIsWhatWasWrittenNotWhatTheServerCountedAnotherMoment() throws Exception {
    List<RawBsonDocument> docs = List.of(raw(1), raw(2), raw(3));
    MongoClient client = mock(MongoClient.class);
    MongoDatabase db = mock(MongoDatabase.class);
    MongoCollection<RawBsonDocument> raw = mock(MongoCollection.class);
    MongoCollection<Document> plain = mock(MongoCollection.class);
    // Stubs are made first: Mockito does not allow stubbing while another stubbing is open.
    MongoIterable<String> databases =
        iterable(MongoIterable.class, List.of("admin", "dive-v3-usa"));
    ListCollectionNamesIterable collections =
        iterable(ListCollectionNamesIterable.class, List.of("resources"));
    FindIterable<RawBsonDocument> found = iterable(FindIterable.class, docs);
    ListIndexesIterable<Document> indexes = iterable(ListIndexesIterable.class, List.of());
    when(client.listDatabaseNames()).thenReturn(databases);
    when(client.getDatabase("dive-v3-usa")).thenReturn(db);
    when(db.listCollectionNames()).thenReturn(collections);
    when(db.getCollection("resources", RawBsonDocument.class)).thenReturn(raw);
    when(db.getCollection("resources")).thenReturn(plain);
    when(raw.find()).thenReturn(found);
    when(plain.countDocuments()).thenReturn(2L); // counted before a third document was inserted
    when(plain.listIndexes()).thenReturn(indexes);

    Map<String, byte[]> files = new TreeMap<>();
    Map<String, Long> counts =
        new MongoData(client)
            .dump(
                (name, kind, body) -> {
                  var out = new ByteArrayOutputStream();
                  body.write(out);
                  files.put(name, out.toByteArray());
                },
                () -> {});

    assertThat(counts).containsExactly(Map.entry("dive-v3-usa.resources", 3L));
    assertThat(files)
        .containsOnlyKeys(
            "mongodb/dive-v3-usa/resources.bson", "mongodb/dive-v3-usa/resources.metadata.json");
    assertThat(files.get("mongodb/dive-v3-usa/resources.bson"))
        .hasSize(docs.stream().mapToInt(d -> d.getByteBuffer().remaining()).sum());
  }

  private static RawBsonDocument raw(int id) {
    return RawBsonDocument.parse("{\"_id\": " + id + ", \"title\": \"doc " + id + "\"}");
  }

  /** A driver iterable over a list: iterator() and the default methods (forEach) work on it. */
  @SuppressWarnings("unchecked")
  private static <I extends MongoIterable<?>, T> I iterable(Class<?> type, List<T> items) {
    I iterable = (I) mock(type, withSettings().defaultAnswer(Answers.CALLS_REAL_METHODS));
    when(iterable.iterator()).thenAnswer(a -> cursor(items.iterator()));
    return iterable;
  }

  @SuppressWarnings("unchecked")
  private static <T> MongoCursor<T> cursor(Iterator<T> items) {
    MongoCursor<T> cursor = mock(MongoCursor.class);
    when(cursor.hasNext()).thenAnswer(a -> items.hasNext());
    when(cursor.next()).thenAnswer(a -> items.next());
    return cursor;
  }
}
