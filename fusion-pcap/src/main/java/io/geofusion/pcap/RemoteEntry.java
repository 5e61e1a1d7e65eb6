package io.geofusion.pcap;

import java.net.URI;
import java.util.Objects;

/**
 * A file offered by a remote source: one HTTP(S) URL, or one entry of an FTP directory listing.
 *
 * @param uri where to fetch it
 * @param name the name as the server gave it (not yet checked: may be hostile, e.g.
 *     {@code ../../etc/passwd})
 * @param sizeBytes the size the server claims, or -1 when unknown (a claim, not a fact)
 */
public record RemoteEntry(URI uri, String name, long sizeBytes) {
  public RemoteEntry {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(name, "name");
    if (sizeBytes < -1) {
      throw new IllegalArgumentException("sizeBytes must be >= -1, got " + sizeBytes);
    }
  }
}
