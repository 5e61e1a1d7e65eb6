package io.geofusion.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.geofusion.GeoFusionException;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads a user's text file line by line as UTF-8, and says which line is not UTF-8 when one is
 * not. {@link java.nio.file.Files#newBufferedReader} reports a binary file or a Windows-1252
 * export only as {@code "Input length = 1"}, on whichever line the decoder's buffer happened to
 * be filling; here the error names the file and the exact line, and says how to convert it.
 *
 * <p>Lines end at {@code \n}; a trailing {@code \r} is dropped and a leading UTF-8 byte-order
 * mark is skipped. Not thread-safe (one reader per file).
 */
public final class TextLines implements Closeable {

  /** Jackson's hints to the programmer: {@code ": enable `Feature` to allow"} and the like. */
  private static final Pattern JACKSON_HINT = Pattern.compile(
      ":\\s*enable `[^`]*` to allow.*$|\\s*\\(not recognized as one since Feature '[^']*'"
          + " not enabled for parser\\)|,\\s*from `StreamReadConstraints\\.[^`]*`");
  /** Jackson's location of a start marker, with the redacted source named in it. */
  private static final Pattern JACKSON_SOURCE = Pattern.compile(
      "\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");

  private final InputStream in;
  private final String name;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private final byte[] buf = new byte[8192];
  private int pos;
  private int end;
  private long lineNumber;
  private final long maxLine = Limits.LINE_BYTES.value();
  private boolean tooLong;

  private TextLines(InputStream in, String name) {
    this.in = Objects.requireNonNull(in, "in");
    this.name = Objects.requireNonNull(name, "name");
  }

  /** Opens {@code file}; {@link java.nio.file.NoSuchFileException} when it does not exist. */
  public static TextLines open(Path file) throws IOException {
    return new TextLines(Files.newInputStream(file), file.toString());
  }

  /** Reads {@code in} (closed with this reader); {@code name} is what errors call it. */
  public static TextLines of(InputStream in, String name) {
    return new TextLines(in, name);
  }

  /** Every line of {@code file}. */
  public static List<String> readAllLines(Path file) throws IOException {
    try (TextLines r = open(file)) {
      List<String> out = new ArrayList<>();
      for (String s = r.readLine(); s != null; s = r.readLine()) {
        out.add(s);
      }
      return out;
    }
  }

  /**
   * The next line without its terminator, or null at the end.
   *
   * @throws NotUtf8Exception when the line is not valid UTF-8
   */
  public String readLine() throws IOException {
    return readLine(Long.MAX_VALUE);
  }

  /**
   * The next line without its terminator, or null at the end; a line longer than {@code
   * recordMax} bytes is not held: its bytes are dropped as they are read up to its end, and it
   * is returned empty with {@link #tooLong()} set (the line limit still applies to it).
   *
   * @throws NotUtf8Exception when the line is not valid UTF-8
   */
  public String readLine(long recordMax) throws IOException {
    line.reset();
    tooLong = false;
    long seen = 0;
    boolean any = false;
    while (true) {
      if (pos == end) {
        end = in.read(buf, 0, buf.length);
        pos = 0;
        if (end <= 0) {
          end = 0;
          if (!any) {
            return null;
          }
          break;
        }
      }
      any = true;
      int start = pos;
      while (pos < end && buf[pos] != '\n') {
        pos++;
      }
      seen += pos - start;
      if (seen > maxLine) {
        throw new LineTooLongException(name, lineNumber + 1, maxLine);
      }
      if (seen > recordMax) {
        tooLong = true;
        line.reset();
      } else {
        line.write(buf, start, pos - start);
      }
      if (pos < end) {
        pos++; // the '\n'
        break;
      }
    }
    if (tooLong) {
      lineNumber++;
      return "";
    }
    lineNumber++;
    byte[] b = line.toByteArray();
    int len = b.length;
    if (len > 0 && b[len - 1] == '\r') {
      len--;
    }
    int off = 0;
    if (lineNumber == 1 && len >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB
        && (b[2] & 0xff) == 0xBF) {
      off = 3;
    }
    try {
      return decoder.reset().decode(ByteBuffer.wrap(b, off, len - off)).toString();
    } catch (CharacterCodingException e) {
      throw new NotUtf8Exception(name, lineNumber, e);
    }
  }

  /** Whether the line last read was longer than its record limit (then it was returned empty). */
  public boolean tooLong() {
    return tooLong;
  }

  /** A line longer than {@link Limits#LINE_BYTES}: names the input, the line and the limit. */
  public static final class LineTooLongException extends GeoFusionException {
    private static final long serialVersionUID = 1L;

    /** Line {@code line} of {@code name} is longer than {@code max}. */
    public LineTooLongException(String name, long line, long max) {
      super(name + ":" + line + ": line longer than " + max + " bytes (not a text file? the "
          + Limits.LINE_BYTES.describe() + ")");
    }
  }

  /** Number of the line last returned by {@link #readLine()} (1-based; 0 before the first). */
  public long lineNumber() {
    return lineNumber;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /**
   * The one JSON value of a line of a JSON Lines file (null for a blank line). Text after the
   * value fails with {@link IllegalArgumentException}: {@link JsonTrees#read(String)} stops
   * after the first value, so a second object on the line would be lost without a word.
   *
   * @throws JsonProcessingException when the value itself is not valid JSON
   */
  public static JsonNode readOneJson(String line) throws IOException {
    try (JsonParser p = JsonTrees.parser(line)) {
      JsonNode n = JsonTrees.read(p);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("text after the JSON value (at column "
            + p.currentTokenLocation().getColumnNr() + "); one value per line");
      }
      return n;
    }
  }

  /**
   * Jackson's description of a JSON syntax error, for one line of a JSON Lines file: the first
   * line of the message with the column appended, without Jackson's hints to the programmer
   * ("enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow") and without its redacted
   * source description, which a user of the command line cannot act on.
   */
  public static String jsonProblem(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    if (m == null) {
      return "malformed JSON";
    }
    m = m.lines().findFirst().orElse("malformed JSON");
    m = JACKSON_HINT.matcher(m).replaceAll("").strip();
    m = JACKSON_SOURCE.matcher(m).replaceAll("line $1, column $2");
    if (e.getLocation() != null && e.getLocation().getColumnNr() > 0) {
      m += " (at column " + e.getLocation().getColumnNr() + ")";
    }
    return m;
  }

  /** A line of a text input that is not UTF-8: binary data, or text in another encoding. */
  public static final class NotUtf8Exception extends GeoFusionException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long line;

    NotUtf8Exception(String file, long line, Throwable cause) {
      super(file + ":" + line + ": not UTF-8 text (binary data, or text in another"
          + " encoding?); convert the file to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8", cause);
      this.file = file;
      this.line = line;
    }

    /** The file (or stream name) that was being read. */
    public String file() {
      return file;
    }

    /** The 1-based number of the line that is not UTF-8. */
    public long line() {
      return line;
    }
  }
}
