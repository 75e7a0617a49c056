package io.diveops.activities.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A secret file is visible only complete and owner-only: never readable by others, never empty. */
class FileSecretStoreTest {
  @TempDir Path dir;

  @Test
  void destroyRemovesTheSecretAndIsIdempotent() {
    var store = new FileSecretStore(dir.resolve("secrets"));
    store.ensure("dive-v3-redis-deu");
    store.destroy("dive-v3-redis-deu");
    assertThat(store.versions("dive-v3-redis-deu")).isEmpty();
    store.destroy("dive-v3-redis-deu");
  }

  @Test
  void aNewSecretIsOwnerOnlyInAnOwnerOnlyDirectoryAndNothingElseIsLeft() throws IOException {
    Path secrets = dir.resolve("secrets");
    Files.createDirectories(
        secrets,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    var store = new FileSecretStore(secrets);
    String value = store.ensure("dive-v3-postgres-usa");
    assertThat(value).hasSizeGreaterThanOrEqualTo(16);
    assertThat(store.resolve("dive-v3-postgres-usa")).isEqualTo(value);
    assertThat(store.ensure("dive-v3-postgres-usa")).isEqualTo(value);
    assertThat(mode(secrets.resolve("dive-v3-postgres-usa"))).isEqualTo("rw-------");
    assertThat(mode(secrets)).isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(secrets)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactly("dive-v3-postgres-usa");
    }
  }

  @Test
  void aWatcherNeverSeesASecretFileThatIsReadableByOthersOrEmpty() throws Exception {
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    var store = new FileSecretStore(secrets);
    Set<String> seen = new ConcurrentSkipListSet<>();
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Future<?> watcher =
        pool.submit(
            () -> {
              while (!done.get()) {
                try (Stream<Path> files = Files.list(secrets)) {
                  for (Path p :
                      files.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                    try {
                      String mode = mode(p);
                      long size = Files.size(p);
                      if (!mode.equals("rw-------") || size == 0) {
                        seen.add(p.getFileName() + " " + mode + " " + size + " bytes");
                      }
                    } catch (NoSuchFileException e) {
                      // not there: fine
                    }
                  }
                }
              }
              return null;
            });
    try {
      for (int i = 0; i < 400; i++) {
        store.ensure("dive-v3-secret-" + i);
      }
    } finally {
      done.set(true);
      watcher.get();
      pool.shutdown();
    }
    assertThat(seen).isEmpty();
  }

  @Test
  void workersCreatingTheSameSecretAtOnceAllGetTheOneValueThatWasStored() throws Exception {
    Path secrets = dir.resolve("secrets");
    int workers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      for (int round = 0; round < 25; round++) {
        String name = "dive-v3-redis-" + round;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> values = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
          var store = new FileSecretStore(secrets); // one store per worker process
          values.add(
              pool.submit(
                  () -> {
                    go.await();
                    return store.ensure(name);
                  }));
        }
        go.countDown();
        List<String> returned = new ArrayList<>();
        for (Future<String> v : values) {
          returned.add(v.get());
        }
        String stored = Files.readString(secrets.resolve(name));
        assertThat(returned).containsOnly(stored);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
