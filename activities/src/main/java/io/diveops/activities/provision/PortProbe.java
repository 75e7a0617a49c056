package io.diveops.activities.provision;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Whether a TCP port is taken on the worker's own machine. A registry only says which ports its
 * instances publish; anything else on the host (another product, a stack started by hand) is found
 * by trying the port.
 */
@FunctionalInterface
public interface PortProbe {

  boolean inUse(int port);

  /**
   * Binds 127.0.0.1:port for an instant, as Docker will when it publishes it there: a port that
   * something listens on (127.0.0.1 or every address) cannot be bound. With SO_REUSEADDR, as
   * Docker's proxy binds: connections in TIME_WAIT from a stack just removed (a provisioning rolled
   * back, then run again) do not make a free port look taken.
   */
  PortProbe LOCAL =
      port -> {
        try (ServerSocket socket = new ServerSocket()) {
          socket.setReuseAddress(true);
          socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
          return false;
        } catch (IOException e) {
          return true;
        }
      };
}
