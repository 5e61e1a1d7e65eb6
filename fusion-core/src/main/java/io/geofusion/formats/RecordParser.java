package io.geofusion.formats;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import io.geofusion.text.JsonTrees;
import io.geofusion.text.Limits;
import java.io.IOException;
import java.util.Set;

/**
 * A parser that builds one measurement record at a time and checks, at every token while the
 * record's tree is being built, the limits the finished tree could only be checked against once
 * it had cost its memory:
 *
 * <ul>
 *   <li>{@link Limits#JSON_RECORD_BYTES}: the record's text, from its first token;
 *   <li>{@link Limits#PROBES}: the elements of a reply array, the record's own {@code result}
 *       (RIPE Atlas: one per reply of a ping) or {@code responses} (scamper ping). A record
 *       claiming {@code "sent": 100000} could list any number of replies; now the element past the
 *       limit stops it, whatever it claims.
 * </ul>
 *
 * <p>Past either limit, {@link #read} throws {@link OverLimit} at that token, dropping the partial
 * tree; {@link #skipRest} then streams past the rest of the record without building anything.
 * Not thread-safe.
 */
final class RecordParser extends JsonParserDelegate {

  /** A record's fields that hold one element per reply. */
  private static final Set<String> REPLY_ARRAYS = Set.of("result", "responses");

  private final long maxChars;
  private final long maxReplies;
  private long start = -1;
  private int replyParentDepth;
  private JsonStreamContext outside;

  RecordParser(JsonParser parser) {
    super(parser);
    this.maxChars = Limits.JSON_RECORD_BYTES.value();
    this.maxReplies = Limits.PROBES.value();
  }

  /**
   * The JSON value starting at the current token (or the next one when there is none yet), or
   * null at the end of the input.
   *
   * @throws OverLimit when the value passes a limit; the parser is then inside it
   */
  JsonNode read() throws IOException {
    JsonToken first = delegate.hasCurrentToken() ? delegate.currentToken() : delegate.nextToken();
    if (first == null) {
      return null;
    }
    JsonStreamContext here = delegate.getParsingContext();
    outside = first.isStructStart() ? here.getParent() : here;
    // The object whose reply arrays count: the record itself, or each element of an array of
    // records (a JSON Lines line holding an array).
    replyParentDepth = here.getNestingDepth() + (first == JsonToken.START_ARRAY ? 1 : 0);
    start = offset(delegate.currentTokenLocation());
    try {
      return JsonTrees.read(this);
    } finally {
      start = -1;
    }
  }

  /** After {@link OverLimit}: moves past the rest of the value {@link #read} was building. */
  void skipRest() throws IOException {
    JsonToken at = delegate.currentToken();
    if (at != null && at.isStructStart()) {
      delegate.skipChildren();
    }
    while (delegate.getParsingContext() != outside) {
      JsonToken t = delegate.nextToken();
      if (t == null) {
        throw new IOException("the JSON document ends inside a record");
      }
      if (t.isStructStart()) {
        delegate.skipChildren();
      }
    }
  }

  private static long offset(JsonLocation loc) {
    long c = loc.getCharOffset();
    return c >= 0 ? c : loc.getByteOffset();
  }

  private JsonToken check(JsonToken t) {
    if (start < 0) {
      return t;
    }
    if (offset(delegate.currentLocation()) - start > maxChars) {
      start = -1;
      throw new OverLimit(tooLong("characters"));
    }
    JsonStreamContext c = delegate.getParsingContext();
    if (t != null && t.isStructStart()) {
      c = c.getParent(); // the container of the value that starts here
    }
    if (c.inArray() && c.getEntryCount() > maxReplies) {
      JsonStreamContext owner = c.getParent();
      if (owner.inObject() && owner.getNestingDepth() == replyParentDepth
          && REPLY_ARRAYS.contains(owner.getCurrentName())) {
        start = -1;
        throw new OverLimit("a JSON record lists more than " + maxReplies + " replies in \""
            + owner.getCurrentName() + "\", above the " + Limits.PROBES.describe() + "; skipped");
      }
    }
    return t;
  }

  @Override
  public JsonToken nextToken() throws IOException {
    return check(delegate.nextToken());
  }

  @Override
  public JsonToken nextValue() throws IOException {
    return check(delegate.nextValue());
  }

  /**
   * The delegate's own {@code nextFieldName} (the tree reader calls it for every field), so that
   * a syntax error reads exactly as it reads without this wrapper.
   */
  @Override
  public String nextFieldName() throws IOException {
    String name = delegate.nextFieldName();
    check(delegate.currentToken());
    return name;
  }

  /**
   * What is reported for a record longer than {@link Limits#JSON_RECORD_BYTES}, measured in
   * {@code unit}: the same words for a RIPE array element and a JSON Lines line.
   */
  static String tooLong(String unit) {
    return "a JSON record longer than " + Limits.JSON_RECORD_BYTES.value() + " " + unit
        + ", above the " + Limits.JSON_RECORD_BYTES.describe() + "; skipped";
  }

  /** A record over a limit; {@link #getMessage()} says which, for a skipped-record problem. */
  static final class OverLimit extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OverLimit(String message) {
      super(message, null, false, false);
    }
  }
}
