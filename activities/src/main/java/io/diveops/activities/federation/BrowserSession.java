package io.diveops.activities.federation;

import io.diveops.activities.verify.HttpProbe;
import java.io.IOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a browser keeps during one login: cookies, and no automatic redirects (each hop is a step
 * whose outcome matters).
 *
 * <p>Cookies are kept per origin (scheme, host and port), unlike a browser's: on the sandbox every
 * instance's Keycloak is on 127.0.0.1, and browsers ignore the port, so one realm's session cookie
 * would overwrite its partner's, which share name and path. Keycloak marks its cookies Secure even
 * over plain HTTP; browsers treat loopback as a secure context and send them, and so does this
 * session (the JDK's CookieManager would not, and Keycloak would lose the login).
 */
final class BrowserSession {
  private final HttpClient client;
  private final Duration requestTimeout;
  private final Map<String, Map<String, HttpCookie>> jars = new HashMap<>();

  BrowserSession(Duration connectTimeout, Duration requestTimeout) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.requestTimeout = requestTimeout;
  }

  record Page(URI uri, int status, String body, Optional<URI> location) {
    boolean redirect() {
      return status >= 300 && status < 400 && location.isPresent();
    }
  }

  Page get(URI uri, Map<String, String> headers) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET();
    headers.forEach(request::header);
    return send(uri, request);
  }

  Page postForm(URI uri, Map<String, String> form) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(HttpProbe.formEncoded(form)));
    return send(uri, request);
  }

  private Page send(URI uri, HttpRequest.Builder request) throws IOException {
    Map<String, HttpCookie> jar = jar(uri);
    String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
    String cookies =
        jar.values().stream()
            .filter(c -> c.getPath() == null || path.startsWith(c.getPath()))
            .map(c -> c.getName() + "=" + c.getValue())
            .collect(Collectors.joining("; "));
    if (!cookies.isEmpty()) {
      request.header("Cookie", cookies);
    }
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    for (String header : response.headers().allValues("Set-Cookie")) {
      for (HttpCookie cookie : HttpCookie.parse(header)) {
        if (cookie.getMaxAge() == 0) {
          jar.remove(cookie.getName());
        } else {
          jar.put(cookie.getName(), cookie);
        }
      }
    }
    Optional<URI> location =
        response.headers().firstValue("Location").map(l -> uri.resolve(URI.create(l)));
    return new Page(uri, response.statusCode(), response.body(), location);
  }

  private Map<String, HttpCookie> jar(URI uri) {
    return jars.computeIfAbsent(
        uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort(), origin -> new HashMap<>());
  }

  /** A URL without its query: evidence never carries codes, states or session ids. */
  static String bare(URI uri) {
    return uri.getScheme()
        + "://"
        + uri.getAuthority()
        + (uri.getPath() == null ? "" : uri.getPath());
  }
}
