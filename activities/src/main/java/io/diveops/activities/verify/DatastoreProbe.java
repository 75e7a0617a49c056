package io.diveops.activities.verify;

import com.mongodb.client.MongoClients;
import io.diveops.activities.registry.Instance;
import io.diveops.activities.stack.InstanceEndpoints;
import io.diveops.activities.stack.ResourceSeeder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.bson.Document;

/** One liveness query per datastore, each bounded to a few seconds. */
public final class DatastoreProbe {
  private DatastoreProbe() {}

  public static void postgres(Instance instance, String database, String user, String password)
      throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    props.setProperty("connectTimeout", "3");
    props.setProperty("socketTimeout", "5");
    props.setProperty("loginTimeout", "5");
    String url =
        "jdbc:postgresql://"
            + InstanceEndpoints.host(instance)
            + ":"
            + instance.services().get("postgres").externalPort()
            + "/"
            + database;
    try (Connection c = DriverManager.getConnection(url, props);
        ResultSet r = c.createStatement().executeQuery("SELECT 1")) {
      if (!r.next() || r.getInt(1) != 1) {
        throw new SQLException("SELECT 1 returned no 1");
      }
    }
  }

  /** AUTH then PING over RESP, the protocol redis-cli speaks. */
  public static void redis(Instance instance, String password) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(
              InstanceEndpoints.host(instance), instance.services().get("redis").externalPort()),
          2000);
      socket.setSoTimeout(3000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      if (password != null) {
        out.write(command("AUTH", password));
        expect(in, "+OK", "AUTH");
      }
      out.write(command("PING"));
      expect(in, "+PONG", "PING");
    }
  }

  public static void mongo(Instance instance) {
    try (var client = MongoClients.create(ResourceSeeder.settings(instance))) {
      Document answer =
          client.getDatabase(ResourceSeeder.database(instance)).runCommand(new Document("ping", 1));
      if (answer.get("ok") == null || ((Number) answer.get("ok")).doubleValue() != 1.0) {
        throw new IllegalStateException("ping answered " + answer.toJson());
      }
    }
  }

  private static byte[] command(String... parts) {
    StringBuilder resp = new StringBuilder("*").append(parts.length).append("\r\n");
    for (String part : parts) {
      resp.append('$')
          .append(part.getBytes(StandardCharsets.UTF_8).length)
          .append("\r\n")
          .append(part)
          .append("\r\n");
    }
    return resp.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void expect(InputStream in, String expected, String what) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    if (!line.toString().equals(expected)) {
      // Redis errors name the problem ("-WRONGPASS ..."); they never echo the password.
      throw new IOException(what + " answered '" + line + "'");
    }
  }
}
