package io.geofusion.probe.remote;

import io.geofusion.geo.LatLon;
import io.geofusion.text.Csv;
import io.geofusion.text.TextLines;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a vantages file: one agent per line, {@code id,url,token_file,lat,lon}; blank lines and
 * {@code #} comments are skipped; a relative token file is read from the vantages file's folder
 * (first non-blank line). Every error names the file and line. At most {@value #MAX_AGENTS}
 * agents.
 *
 * <pre>
 * # id, agent URL, token file, latitude, longitude
 * fra1,https://fra1.example.net:8443,fra1.token,50.11,8.68
 * nyc1,https://nyc1.example.net:8443,/etc/geofusion/nyc1.token,40.71,-74.01
 * </pre>
 */
public final class AgentVantagesFile {

  /** Most agents in one file. */
  public static final int MAX_AGENTS = 256;

  private AgentVantagesFile() {}

  /**
   * The agents of a vantages file.
   *
   * @param file the file
   * @return the agents, in file order
   * @throws AgentFileException naming the file and line of the first problem
   * @throws IOException when the file cannot be read
   */
  public static List<AgentVantage> read(Path file) throws IOException {
    List<String> lines;
    try {
      lines = TextLines.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw new AgentFileException(file + ": no such vantages file");
    } catch (TextLines.NotUtf8Exception e) {
      throw new AgentFileException(e.getMessage());
    }
    Path dir = file.toAbsolutePath().getParent();
    List<AgentVantage> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String where = file + ":" + (i + 1) + ": ";
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String s = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (s.isEmpty()) {
        continue;
      }
      List<String> cells;
      try {
        cells = Csv.split(s);
      } catch (IllegalArgumentException e) {
        throw new AgentFileException(where + e.getMessage());
      }
      if (cells.size() != 5) {
        throw new AgentFileException(where + "expected 'id,url,token_file,lat,lon', got "
            + cells.size() + " field(s)");
      }
      String id = cells.get(0).strip();
      if (!ids.add(id)) {
        throw new AgentFileException(where + "agent id '" + id + "' given twice");
      }
      if (out.size() == MAX_AGENTS) {
        throw new AgentFileException(where + "more than " + MAX_AGENTS + " agents");
      }
      try {
        URI url = new URI(cells.get(1).strip());
        LatLon at = LatLon.of(Double.parseDouble(cells.get(3).strip()),
            Double.parseDouble(cells.get(4).strip()));
        String token = token(dir.resolve(cells.get(2).strip()), where);
        out.add(new AgentVantage(id, url, token, at));
      } catch (URISyntaxException e) {
        throw new AgentFileException(where + "bad URL: " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new AgentFileException(where + e.getMessage());
      }
    }
    if (out.isEmpty()) {
      throw new AgentFileException(file + ": no agents (one per line: id,url,token_file,lat,lon)");
    }
    return out;
  }

  private static String token(Path tokenFile, String where) throws IOException {
    try {
      for (String l : TextLines.readAllLines(tokenFile)) {
        if (!l.isBlank()) {
          return l.strip();
        }
      }
    } catch (NoSuchFileException e) {
      throw new AgentFileException(where + "token file " + tokenFile + " does not exist");
    } catch (TextLines.NotUtf8Exception e) {
      throw new AgentFileException(where + e.getMessage());
    }
    throw new AgentFileException(where + "token file " + tokenFile + " is empty");
  }

  /** A vantages file that cannot be used; the message names the file and line. */
  public static final class AgentFileException extends io.geofusion.GeoFusionException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception.
     *
     * @param message file:line: what is wrong
     */
    public AgentFileException(String message) {
      super(message);
    }
  }
}
