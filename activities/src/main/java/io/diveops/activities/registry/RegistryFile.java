package io.diveops.activities.registry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes the registry file the way runbooks change it (provisioning adds a partner, decommissioning
 * takes one out): the new text goes to a temporary file beside it, is read back and must still read
 * as a registry, then is renamed over it, so the file is whole at every moment. The text is laid
 * out as the repository's registry is (two spaces, {@code "key": value}, one array element per
 * line): a partner added and taken out again leaves the file's bytes as they were, and a change
 * reads as a small diff.
 */
public final class RegistryFile {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RegistryReader reader = new RegistryReader();

  /** The registry's layout: what {@code JSON.stringify(value, null, 2)} writes. */
  public static String text(JsonNode registry) {
    try {
      return JSON.writer(new FileLayout()).writeValueAsString(registry) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the registry cannot be written as JSON", e);
    }
  }

  /**
   * Replaces {@code file} with {@code registry}, atomically; {@code why} names the change in the
   * temporary file's name and in errors.
   */
  public void replace(Path file, JsonNode registry, String why) {
    Path target = file.toAbsolutePath().normalize();
    Path tmp = target.resolveSibling("." + target.getFileName() + "." + why + ".tmp");
    try {
      Files.writeString(tmp, text(registry), StandardCharsets.UTF_8);
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      // What is renamed into place is what was judged: read back, it must still be a registry.
      if (reader.read(tmp).model().isEmpty()) {
        Files.deleteIfExists(tmp);
        throw new IllegalStateException(
            "the registry written for " + why + " does not read back as a registry");
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the registry " + target + " (" + why + ")", e);
    }
  }

  /** Puts {@code kept} back as the registry, atomically, and deletes it. */
  public void putBack(Path file, Path kept, String why) {
    Path target = file.toAbsolutePath().normalize();
    Path tmp = target.resolveSibling("." + target.getFileName() + "." + why + ".restore");
    try {
      Files.copy(kept, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Files.delete(kept);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot put back the registry " + target + " (" + why + ")", e);
    }
  }

  /** Two-space indentation, {@code ": "} between a field and its value, empty containers closed. */
  private static final class FileLayout extends DefaultPrettyPrinter {
    FileLayout() {
      super(
          Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
      DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
      indentObjectsWith(indenter);
      indentArraysWith(indenter);
    }

    FileLayout(FileLayout base) {
      super(base);
    }

    @Override
    public DefaultPrettyPrinter createInstance() {
      return new FileLayout(this);
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
      if (entries == 0) {
        _nesting--;
        g.writeRaw('}');
        return;
      }
      super.writeEndObject(g, entries);
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
      if (values == 0) {
        _nesting--;
        g.writeRaw(']');
        return;
      }
      super.writeEndArray(g, values);
    }
  }
}
