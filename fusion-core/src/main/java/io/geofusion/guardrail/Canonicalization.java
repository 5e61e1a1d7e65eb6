package io.geofusion.guardrail;

/**
 * The outcome of stage 1 for one kind name.
 *
 * @param input the kind as received (may be null)
 * @param kind the canonical kind, or null when none was found or the kind is observed-zone
 * @param method how it was found
 * @param score similarity of the nearest known name, in [0, 1] (1 for exact and alias matches)
 * @param nearest the nearest known name considered (kind, alias or observed kind), or null
 */
public record Canonicalization(String input, String kind, Method method, double score,
    String nearest) {

  /** How stage 1 resolved a kind. */
  public enum Method {
    /** Already a canonical kind (after normalisation). */
    EXACT,
    /** Listed in the alias table. */
    ALIAS,
    /** Nearest known name by embedding similarity, at or above the threshold. */
    SIMILAR,
    /** An observed-zone kind (listed, marked, or nearest to one): inference may not write it. */
    OBSERVED,
    /** No kind given. */
    MISSING,
    /** Nothing close enough. */
    UNKNOWN;

    /** The lower-case JSON name. */
    public String jsonName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Whether stage 1 produced a canonical kind. */
  public boolean resolved() {
    return kind != null;
  }
}
