package io.diveops.activities.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.stack.InstanceEndpoints;
import io.diveops.activities.verify.HttpProbe;
import io.diveops.api.alert.Severity;
import io.diveops.api.drift.DriftCategory;
import io.diveops.api.drift.DriftItem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * An instance's OPA against the policy the product ships: every policy module by the SHA-256 of its
 * text (OPA's {@code GET /v1/policies}), and every value of the shipped {@code data.json} (the
 * clearance ladder, later the trust data) read back from OPA's data API. A module or value someone
 * put through OPA's API is what an attacker would do to widen access, so every difference is
 * critical. An OPA that cannot be read is one {@code unknown} item.
 */
public class OpaDrift {
  /** OPA names a module it loaded from the image's {@code /policy} by its path without the root. */
  static final String MODULE_ROOT = "policy/";

  private final Path policyDir;
  private final HttpProbe http;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param policyDir the shipped modules ({@code *.rego}) and {@code data.json}, as baked into the
   *     OPA image
   */
  public OpaDrift(Path policyDir, HttpProbe http) {
    this.policyDir = policyDir;
    this.http = http;
  }

  public List<DriftItem> detect(Instance instance, String key) {
    Map<String, String> desired;
    JsonNode data;
    try {
      desired = shippedModules();
      data = json.readTree(policyDir.resolve("data.json").toFile());
    } catch (IOException e) {
      return List.of(
          DriftItem.unknown(
              key, "opa policy", "the shipped policy in " + policyDir + " is unreadable: " + e));
    }
    try {
      List<DriftItem> items = new ArrayList<>(modules(instance, key, desired));
      items.addAll(data(instance, key, data));
      return items;
    } catch (IOException | RuntimeException e) {
      return List.of(
          DriftItem.unknown(
              key,
              "opa " + instance.services().get("opa").containerName(),
              "OPA cannot be read: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
  }

  /**
   * OPA given the shipped policy back: modules the product does not ship deleted first (one may
   * redefine a shipped rule, and OPA refuses a module that conflicts), then every shipped module
   * that differs put back under its id, then every object of shipped data that differs put back
   * whole (which also drops keys added beside the shipped ones).
   *
   * @return each change made; none when OPA already has the shipped policy
   */
  public List<String> restore(Instance instance) throws IOException {
    Map<String, String> shipped = shippedTexts();
    Map<String, String> live = liveModules(instance);
    List<String> changes = new ArrayList<>();
    for (String id : live.keySet()) {
      if (!shipped.containsKey(id)) {
        expectOk(http.delete(InstanceEndpoints.url(instance, "opa", "/v1/policies/" + id)), id);
        changes.add("opa module " + id + ": deleted (not shipped)");
      }
    }
    for (Map.Entry<String, String> module : shipped.entrySet()) {
      if (!sha256(module.getValue()).equals(live.get(module.getKey()))) {
        String url = InstanceEndpoints.url(instance, "opa", "/v1/policies/" + module.getKey());
        expectOk(http.put(url, "text/plain", module.getValue()), module.getKey());
        changes.add("opa module " + module.getKey() + ": shipped text put back");
      }
    }
    JsonNode data = json.readTree(policyDir.resolve("data.json").toFile());
    Map<String, Map<String, JsonNode>> byParent = new LinkedHashMap<>();
    leaves("", data, byParent);
    for (String parent : byParent.keySet()) {
      JsonNode wanted = data.at(parent);
      if (!wanted.equals(read(instance, "/v1/data" + parent))) {
        String url = InstanceEndpoints.url(instance, "opa", "/v1/data" + parent);
        expectOk(http.put(url, "application/json", json.writeValueAsString(wanted)), parent);
        changes.add("opa data " + parent + ": shipped values put back");
      }
    }
    return changes;
  }

  private static void expectOk(HttpProbe.Response response, String what) throws IOException {
    if (response.status() / 100 != 2) {
      throw new IOException(
          "OPA refused to change " + what + ": " + response.status() + " " + response.body());
    }
  }

  /** Module id (as OPA names a file it loaded) to the SHA-256 of its text. */
  Map<String, String> shippedModules() throws IOException {
    Map<String, String> modules = new TreeMap<>();
    shippedTexts().forEach((id, text) -> modules.put(id, sha256(text)));
    return modules;
  }

  private Map<String, String> shippedTexts() throws IOException {
    Map<String, String> modules = new TreeMap<>();
    try (Stream<Path> files = Files.list(policyDir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".rego")).sorted().toList()) {
        modules.put(MODULE_ROOT + file.getFileName(), Files.readString(file));
      }
    }
    return modules;
  }

  private Map<String, String> liveModules(Instance instance) throws IOException {
    Map<String, String> live = new TreeMap<>();
    for (JsonNode module : read(instance, "/v1/policies")) {
      live.put(module.path("id").asText(), sha256(module.path("raw").asText()));
    }
    return live;
  }

  private List<DriftItem> modules(Instance instance, String key, Map<String, String> desired)
      throws IOException {
    Map<String, String> live = liveModules(instance);
    List<DriftItem> items = new ArrayList<>();
    desired.forEach(
        (id, hash) -> {
          String actual = live.get(id);
          if (actual == null) {
            items.add(module(key, id, DriftCategory.MISSING, hash, null));
          } else if (!actual.equals(hash)) {
            items.add(module(key, id, DriftCategory.CHANGED, hash, actual));
          }
        });
    live.forEach(
        (id, hash) -> {
          if (!desired.containsKey(id)) {
            items.add(module(key, id, DriftCategory.EXTRA, null, hash));
          }
        });
    return items;
  }

  private DriftItem module(
      String key, String id, DriftCategory category, String desired, String actual) {
    String name = id.substring(id.lastIndexOf('/') + 1);
    return DriftItem.of(
        key,
        "opa module " + id,
        "sha256",
        category,
        desired,
        actual,
        category == DriftCategory.EXTRA ? null : policyDir.resolve(name).toString(),
        Severity.CRITICAL);
  }

  /**
   * Each leaf of the shipped data against OPA's value at the same path; the objects holding leaves
   * are read once each, so a key added beside shipped ones is {@code extra}.
   */
  private List<DriftItem> data(Instance instance, String key, JsonNode shipped) throws IOException {
    Map<String, Map<String, JsonNode>> byParent = new LinkedHashMap<>();
    leaves("", shipped, byParent);
    String source = policyDir.resolve("data.json").toString();
    List<DriftItem> items = new ArrayList<>();
    for (Map.Entry<String, Map<String, JsonNode>> parent : byParent.entrySet()) {
      JsonNode live = read(instance, "/v1/data" + parent.getKey());
      parent
          .getValue()
          .forEach(
              (name, value) -> {
                JsonNode actual = live.get(name);
                if (actual == null) {
                  items.add(value(key, parent.getKey(), name, source, value, null));
                } else if (!actual.equals(value)) {
                  items.add(value(key, parent.getKey(), name, source, value, actual));
                }
              });
      for (Iterator<String> names = live.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!parent.getValue().containsKey(name)) {
          items.add(value(key, parent.getKey(), name, null, null, live.get(name)));
        }
      }
    }
    return items;
  }

  private static DriftItem value(
      String key, String parent, String name, String source, JsonNode desired, JsonNode actual) {
    DriftCategory category =
        desired == null
            ? DriftCategory.EXTRA
            : actual == null ? DriftCategory.MISSING : DriftCategory.CHANGED;
    return DriftItem.of(
        key,
        "opa data " + parent,
        name,
        category,
        desired == null ? null : desired.toString(),
        actual == null ? null : actual.toString(),
        source == null ? null : source + "#" + parent + "/" + name,
        Severity.CRITICAL);
  }

  /**
   * Leaves (anything but an object) of the shipped data, by the path of the object holding them.
   */
  private static void leaves(String path, JsonNode node, Map<String, Map<String, JsonNode>> out) {
    node.fields()
        .forEachRemaining(
            field -> {
              if (field.getValue().isObject()) {
                leaves(path + "/" + field.getKey(), field.getValue(), out);
              } else {
                out.computeIfAbsent(path, p -> new TreeMap<>())
                    .put(field.getKey(), field.getValue());
              }
            });
  }

  /** OPA's {@code result} at the path; an answer that is not 200 is a read failure. */
  private JsonNode read(Instance instance, String path) throws IOException {
    HttpProbe.Response response = http.get(InstanceEndpoints.url(instance, "opa", path), Map.of());
    if (response.status() != 200) {
      throw new IOException("GET " + path + " answered " + response.status());
    }
    return json.readTree(response.body()).path("result");
  }

  static String sha256(String text) {
    try {
      return "sha256:"
          + HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
