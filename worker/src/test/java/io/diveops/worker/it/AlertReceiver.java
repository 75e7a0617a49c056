package io.diveops.worker.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real webhook on 127.0.0.1 that keeps every message it receives, so tests count alerts. */
final class AlertReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final List<String> bodies = new CopyOnWriteArrayList<>();

  AlertReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/hook",
        exchange -> {
          bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** Every message as received. */
  List<String> bodies() {
    return List.copyOf(bodies);
  }

  /** Every alert of every message, in arrival order. */
  List<JsonNode> alerts() {
    List<JsonNode> all = new ArrayList<>();
    for (String body : bodies) {
      try {
        JSON.readTree(body).path("alerts").forEach(all::add);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }
    return all;
  }

  /** The statuses of one incident's alerts, in arrival order. */
  List<String> statusesOf(String dedupKey) {
    return alerts().stream()
        .filter(a -> a.path("dedupKey").asText().equals(dedupKey))
        .map(a -> a.path("status").asText())
        .toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
