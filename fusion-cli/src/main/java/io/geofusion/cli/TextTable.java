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
    int[] width = new int[headers.length];
    for (int i = 0; i < headers.length; i++) {
      width[i] = headers[i].length();
      for (String[] r : rows) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    line(out, headers, width);
    for (String[] r : rows) {
      line(out, r, width);
    }
    out.flush();
  }

  private void line(PrintWriter out, String[] cells, int[] width) {
    StringBuilder sb = new StringBuilder(128);
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
    while (end > 0 && Character.isWhitespace(sb.charAt(end - 1))) {
      end--;
    }
    sb.setLength(end);
    out.println(sb);
  }

  private static StringBuilder pad(StringBuilder sb, int spaces) {
    for (int k = 0; k < spaces; k++) {
      sb.append(' ');
    }
    return sb;
  }
}
