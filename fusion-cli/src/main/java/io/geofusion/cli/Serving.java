package io.geofusion.cli;

import io.geofusion.probe.backend.Probers;
import io.geofusion.probe.remote.AgentHandler;
import io.geofusion.text.TextLines;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** What {@code serve}, {@code agent} and {@code demo --serve} share: listen address, agent. */
final class Serving {

  private Serving() {}

  /** {@code HOST:PORT}, {@code [V6]:PORT}; names are resolved once. */
  static InetSocketAddress address(String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new UsageError("--listen must be HOST:PORT (e.g. 127.0.0.1:8080), got '" + text + "'");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new UsageError("--listen: the port must be a number in [0, 65535], got '"
          + text.substring(colon + 1) + "'");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host.isEmpty() ? "127.0.0.1" : host),
          port);
    } catch (UnknownHostException e) {
      throw new UsageError("--listen: cannot resolve '" + host + "'; give an address of this"
          + " machine such as 127.0.0.1");
    }
  }

  /** The agent of {@code tokenFile}, probing with {@code backend} ({@code auto}: any). */
  static AgentHandler agent(Path tokenFile, String backend, int maxConcurrent)
      throws IOException {
    AgentHandler.Builder b;
    try {
      b = AgentHandler.builder(token(tokenFile)).maxConcurrent(maxConcurrent);
      if (!"auto".equals(backend)) {
        b.prober(Probers.byName(backend));
      }
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
    return b.build();
  }

  private static String token(Path file) throws IOException {
    try {
      for (String l : TextLines.readAllLines(file)) {
        if (!l.isBlank()) {
          return l.strip();
        }
      }
    } catch (NoSuchFileException e) {
      throw new Failure(file + ": no such file; check --token-file");
    } catch (TextLines.NotUtf8Exception e) {
      throw new Failure(e.getMessage(), e);
    }
    throw new Failure(file + ": empty; put the token on its first line");
  }
}
