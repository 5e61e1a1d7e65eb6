package io.geofusion.geoip;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Numbers the map keys of the records a {@link MmdbWriter} holds, so that each record keeps a
 * 2-byte number per key instead of the key's text (a city record has nine keys, 75 of its 130
 * bytes). At most {@link #MAX_KEYS} keys are numbered (the number must fit a 2-byte pointer);
 * later new keys stay written out. Not thread-safe.
 */
final class KeyDictionary {

  /** Numbers 0 .. 2047 fit a MaxMind DB pointer of 2 bytes. */
  static final int MAX_KEYS = 2048;

  private final Map<String, Integer> ids = new HashMap<>();
  private final ByteChunks encodings = new ByteChunks(12);
  private long[] at = new long[16];

  /** The key's number, numbering it if there is room; -1 when it is to be written out. */
  int id(String key) {
    Integer id = ids.get(key);
    if (id != null) {
      return id;
    }
    byte[] b = MmdbEncoder.inline(key);
    if (ids.size() == MAX_KEYS || b.length <= 2) {
      return -1; // full, or no longer than its number
    }
    int n = ids.size();
    if (n == at.length) {
      at = Arrays.copyOf(at, n * 2);
    }
    at[n] = encodings.size();
    encodings.write(b, 0, b.length);
    ids.put(key, n);
    return n;
  }

  /** The keys' standalone encodings, one after another. */
  ByteChunks encodings() {
    return encodings;
  }

  /** Where key {@code id}'s encoding starts in {@link #encodings()}. */
  long at(int id) {
    return at[id];
  }
}
