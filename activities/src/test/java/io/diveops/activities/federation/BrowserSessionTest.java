package io.diveops.activities.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two Keycloaks on one loopback address: each gets its own Secure cookie back, never the other's.
 */
class BrowserSessionTest {
  private HttpServer home;
  private HttpServer partner;

  private static HttpServer server(String session) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/realms/r/",
        exchange -> {
          String cookie = exchange.getRequestHeaders().getFirst("Cookie");
          exchange
              .getResponseHeaders()
              .add(
                  "Set-Cookie",
                  "AUTH_SESSION_ID=" + session + ";Version=1;Path=/realms/r/;Secure;HttpOnly");
          byte[] body = String.valueOf(cookie).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server;
  }

  @BeforeEach
  void start() throws Exception {
    home = server("home-session");
    partner = server("partner-session");
  }

  @AfterEach
  void stop() {
    home.stop(0);
    partner.stop(0);
  }

  private static URI uri(HttpServer server, String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Test
  void cookiesAreKeptPerOriginAndSecureOnesAreSentOverLoopback() throws Exception {
    BrowserSession browser = new BrowserSession(Duration.ofSeconds(2), Duration.ofSeconds(5));
    assertThat(browser.get(uri(home, "/realms/r/auth"), Map.of()).body()).isEqualTo("null");
    assertThat(browser.get(uri(partner, "/realms/r/auth"), Map.of()).body()).isEqualTo("null");

    assertThat(browser.get(uri(home, "/realms/r/broker"), Map.of()).body())
        .isEqualTo("AUTH_SESSION_ID=home-session");
    assertThat(browser.get(uri(partner, "/realms/r/login"), Map.of()).body())
        .isEqualTo("AUTH_SESSION_ID=partner-session");
  }

  @Test
  void evidenceUrlsLoseTheirQuery() {
    assertThat(
            BrowserSession.bare(
                URI.create("http://127.0.0.1:1/realms/r/endpoint?code=abc&state=s")))
        .isEqualTo("http://127.0.0.1:1/realms/r/endpoint");
  }
}
