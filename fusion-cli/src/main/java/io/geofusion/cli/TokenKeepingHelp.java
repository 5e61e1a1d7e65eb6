package io.geofusion.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Help whose descriptions wrap at spaces only. picocli breaks lines wherever {@link
 * java.text.BreakIterator} allows, which includes after {@code /}, {@code :} and {@code .}, so
 * {@code $XDG_CONFIG_HOME/geofusion/config.properties} and {@code http://127.0.0.1:11434} were
 * split across lines and could not be copied. A word longer than the column is still broken by
 * picocli (nothing else fits). Installed by {@link GeoFusionCommand#commandLine()}.
 */
final class TokenKeepingHelp extends Help {

  TokenKeepingHelp(CommandSpec spec, ColorScheme scheme) {
    super(spec, scheme);
  }

  /** The factory for {@link CommandLine#setHelpFactory}. */
  static final CommandLine.IHelpFactory FACTORY = TokenKeepingHelp::new;

  @Override
  public Layout createDefaultLayout(List<OptionSpec> options,
      List<PositionalParamSpec> positionals, ColorScheme scheme) {
    Layout base = super.createDefaultLayout(options, positionals, scheme);
    return new Layout(scheme, new Table(scheme, base.textTable().columns()),
        base.optionRenderer(), createDefaultParameterRenderer());
  }

  @Override
  public TextTable createTextTable(Map<?, ?> map) {
    TextTable base = super.createTextTable(map);
    Table t = new Table(colorScheme(), base.columns());
    for (int r = 0; r < base.rowCount(); r++) {
      t.addEmptyRow();
      for (int c = 0; c < base.columns().length; c++) {
        t.putValue(r, c, base.textAt(r, c));
      }
    }
    return t;
  }

  /** A text table that wraps wrapping columns at spaces before picocli sees the text. */
  static final class Table extends TextTable {
    private final ColorScheme scheme;

    Table(ColorScheme scheme, Column[] columns) {
      super(scheme, columns);
      this.scheme = scheme;
    }

    @Override
    public Cell putValue(int row, int col, Ansi.Text value) {
      Column c = columns()[col];
      String plain = value == null ? "" : value.plainString();
      int first = c.width - c.indent - 1;
      if (c.overflow != Column.Overflow.WRAP || plain.length() <= first
          || plain.contains("\n") || first <= indentWrappedLines + 8) {
        return super.putValue(row, col, value);
      }
      List<String> lines = wrap(plain, first, first - indentWrappedLines);
      Cell last = null;
      for (int i = 0; i < lines.size(); i++) {
        while (row + i >= rowCount()) {
          addEmptyRow();
        }
        String line = (i == 0 ? "" : " ".repeat(indentWrappedLines)) + lines.get(i);
        last = super.putValue(row + i, col, scheme.text(line.replace("@|", "@@|")));
      }
      return last;
    }

    /** Greedy wrapping at single spaces: the first line {@code first} wide, the rest {@code rest}. */
    static List<String> wrap(String text, int first, int rest) {
      List<String> out = new ArrayList<>();
      StringBuilder line = new StringBuilder();
      int width = first;
      for (String word : text.trim().split(" +")) {
        if (line.length() > 0 && line.length() + 1 + word.length() > width) {
          out.add(line.toString());
          line.setLength(0);
          width = rest;
        }
        if (line.length() > 0) {
          line.append(' ');
        }
        line.append(word);
      }
      if (line.length() > 0) {
        out.add(line.toString());
      }
      return out;
    }
  }
}
