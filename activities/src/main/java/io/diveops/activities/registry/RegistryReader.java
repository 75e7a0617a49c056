package io.diveops.activities.registry;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** Reads a registry file into raw JSON and, where its shape allows, into typed records. */
public class RegistryReader {

  private final ObjectMapper mapper;

  public RegistryReader(ObjectMapper mapper) {
    this.mapper = mapper.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }

  public RegistryReader() {
    this(new ObjectMapper());
  }

  public RegistryDocument read(Path file) {
    JsonNode json = readJson(file, "registry");
    if (!json.isObject()) {
      throw new UnusableRegistryException(
          file + ": not a registry: the top level is not a JSON object");
    }
    return document(file, json);
  }

  /**
   * A registry held in memory (one about to be written, say) as if it were {@code file}: its
   * "$schema" is resolved next to that file.
   */
  public RegistryDocument document(Path file, JsonNode json) {
    return new RegistryDocument(file, json, toModel(json));
  }

  /** Reads any JSON file, naming the file, line and column when it is not JSON. */
  public JsonNode readJson(Path file, String what) {
    try {
      return mapper.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new UnusableRegistryException(what + " file not found: " + file);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
      throw new UnusableRegistryException(
          file + where + ": not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UnusableRegistryException("cannot read " + what + " file " + file + ": " + e, e);
    }
  }

  /**
   * The registry mixes "_comment" strings into objects that otherwise hold only objects (such as an
   * instance's services). They are documentation, so they are dropped before typed mapping. A
   * document whose shape the records cannot take yields no model: the schema errors explain why.
   */
  private Optional<FederationRegistry> toModel(JsonNode json) {
    JsonNode copy = json.deepCopy();
    dropComments(copy);
    try {
      return Optional.of(mapper.treeToValue(copy, FederationRegistry.class));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static void dropComments(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> comments = new ArrayList<>();
      for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (name.startsWith("_")) {
          comments.add(name);
        }
      }
      object.remove(comments);
    }
    node.forEach(RegistryReader::dropComments);
  }
}
