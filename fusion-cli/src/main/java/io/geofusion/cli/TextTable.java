package io.geofusion.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain, column-aligned text table for terminal output. Columns whose header starts with
 * {@code '>'} are right-aligned (numbers); the marker is not printed.
 */
final class TextTable {

  private final String[] headers;
  private final boolean[] right;
  private final List<String[]> rows = new ArrayList<>();

  TextTable(String... headers) {
    this.headers = new String[headers.length];
    this.right = new boolean[headers.length];
    for (int i = 0; i < headers.length; i++) {
      right[i] = headers[i].startsWith(">");
      this.headers[i] = right[i] ? headers[i].substring(1) : headers[i];
    }
  }

  TextTable row(Object... cells) {
    if (cells.length != headers.length) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells, table has " + headers.length + " columns");
    }
    String[] r = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      r[i] = cells[i] == null ? "" : cells[i].toString();
    }
    rows.add(r);
    return this;
  }

  void print(PrintWriter out) {
    StringBuilder sb = new StringBuilder(128 * (rows.size() + 1));
    appendTo(sb);
    out.write(sb.toString());
    out.flush();
  }

  /**
   * Appends the table to {@code sb}, each line ended as {@link PrintWriter#println()} ends it:
   * what {@link #print} writes, for a caller that gathers a whole report before writing it (a
   * bulk run writes each trace once instead of copying every line through a writer).
   */
  void appendTo(StringBuilder sb) {
    int[] width = new int[headers.length];
    for (int i = 0; i < headers.length; i++) {
      width[i] = headers[i].length();
      for (String[] r : rows) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    String eol = System.lineSeparator();
    line(sb, headers, width, eol);
    for (String[] r : rows) {
      line(sb, r, width, eol);
    }
  }

  private void line(StringBuilder sb, String[] cells, int[] width, String eol) {
    int start = sb.length();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        sb.append("  ");
      }
      int pad = width[i] - cells[i].length();
      if (right[i]) {
        pad(sb, pad).append(cells[i]);
      } else if (i == cells.length - 1) {
        sb.append(cells[i]);
      } else {
        pad(sb.append(cells[i]), pad);
      }
    }
    // what String.stripTrailing drops (no trailing surrogate is whitespace)
    int end = sb.length();
    while (end > start && Character.isWhitespace(sb.charAt(end - 1))) {
      end--;
    }
    sb.setLength(end);
    sb.append(eol);
  }

  private static StringBuilder pad(StringBuilder sb, int spaces) {
    for (int k = 0; k < spaces; k++) {
      sb.append(' ');
    }
    return sb;
  }
}
