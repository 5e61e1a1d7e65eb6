package io.geofusion.text;

import java.util.ArrayList;
import java.util.List;

/** One line of a comma-separated file, split as RFC 4180 quotes it. */
public final class Csv {

  private Csv() {}

  /**
   * The cells of {@code line}: commas inside double quotes belong to the cell, {@code ""} inside
   * quotes is one quote; cells are not stripped. A line with no comma is one cell.
   *
   * @throws IllegalArgumentException when a quote is not closed ({@code "unterminated quote"})
   */
  public static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unterminated quote");
    }
    out.add(cur.toString());
    return out;
  }
}
