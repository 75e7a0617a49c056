package io.diveops.activities.verify;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * HTTP with bounded timeouts: a target that does not answer fails in seconds, never hangs a run.
 */
public class HttpProbe {
  private final HttpClient client;
  private final Duration requestTimeout;

  public HttpProbe(Duration connectTimeout, Duration requestTimeout) {
    this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    this.requestTimeout = requestTimeout;
  }

  public record Response(int status, String body, long millis) {}

  public Response get(String url, Map<String, String> headers) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout).GET();
    headers.forEach(request::header);
    return send(request.build());
  }

  public Response postJson(String url, String json) throws IOException {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  /** {@code application/x-www-form-urlencoded}: a form body, or a URL's query. */
  public static String formEncoded(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  public Response postForm(String url, Map<String, String> form) throws IOException {
    String body = formEncoded(form);
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(requestTimeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  public Response put(String url, String contentType, String body) throws IOException {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(requestTimeout)
            .header("Content-Type", contentType)
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  public Response delete(String url) throws IOException {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout).DELETE().build());
  }

  private Response send(HttpRequest request) throws IOException {
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(
          response.statusCode(), response.body(), (System.nanoTime() - start) / 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
