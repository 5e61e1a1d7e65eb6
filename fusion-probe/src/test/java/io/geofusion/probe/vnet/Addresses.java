package io.geofusion.probe.vnet;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Literal-only address parsing (never DNS). */
final class Addresses {

  private Addresses() {}

  static InetAddress literal(String text) {
    if (text == null || !text.matches("[0-9a-fA-F:.]+")) {
      throw new IllegalArgumentException("not an IP literal: " + text);
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP literal: " + text, e);
    }
  }
}
