package io.geofusion.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.geofusion.geo.LatLon;
import io.geofusion.geoip.AnonymousIpInfo;
import io.geofusion.geoip.AsnInfo;
import io.geofusion.geoip.GeoIpException;
import io.geofusion.geoip.GeoIpLocation;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.geoip.MaxMindGeoIpService;
import io.geofusion.geoip.MmdbWriter;
import io.geofusion.json.ProductJson;
import io.geofusion.net.IpAddresses;
import io.geofusion.text.TextLines;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code geofusion geoip build|lookup}: overlay databases of your own networks, and lookups. */
@Command(
    name = "geoip",
    mixinStandardHelpOptions = true,
    description = "Build overlay GeoIP databases (.mmdb) of your own networks, and look up"
        + " addresses.",
    subcommands = {GeoIpCommand.Build.class, GeoIpCommand.Lookup.class})
final class GeoIpCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The CSV columns {@code build} understands; {@code network}, latitude, longitude required. */
  static final List<String> COLUMNS = List.of("network", "latitude", "longitude",
      "accuracy_radius_km", "country_iso_code", "subdivision", "city");

  @Command(name = "build", mixinStandardHelpOptions = true,
      description = {
        "Build a City-shaped MaxMind DB from a CSV of your own networks. Columns (header"
            + " required, any order): network (CIDR), latitude, longitude, and optionally"
            + " accuracy_radius_km (default 10), country_iso_code, subdivision, city.",
        "The file reads back through MaxMind's DatabaseReader and mmdblookup; pass it to"
            + " --geoip-overlay so it is consulted before the main database."
      })
  static final class Build implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--csv", paramLabel = "FILE", required = true,
        description = "Networks to write, one per line.")
    Path csv;

    @Parameters(paramLabel = "OUT.mmdb", description = "Database file to write.")
    Path out;

    @Option(names = "--type", paramLabel = "NAME", defaultValue = "GeoFusion-Overlay-City",
        description = "Database type in the metadata (default: ${DEFAULT-VALUE}).")
    String type;

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      MmdbWriter w = MmdbWriter.ipv6(type).description("en", "GeoFusion overlay built from "
          + csv.getFileName());
      int bad = 0;
      int rows = 0;
      try (TextLines r = TextLines.open(csv)) {
        String headerLine = r.readLine();
        if (headerLine == null) {
          throw new GeoFusionCommand.Failure(csv + ": empty file; expected a header line with"
              + " at least network,latitude,longitude");
        }
        List<String> header = splitCsv(headerLine.strip().replace("\uFEFF", ""));
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
          String h = header.get(i).strip().toLowerCase(Locale.ROOT);
          if (!COLUMNS.contains(h)) {
            throw new GeoFusionCommand.Failure(csv + ":1: unknown column '" + h
                + "'; known columns: " + String.join(", ", COLUMNS));
          }
          col.put(h, i);
        }
        for (String need : List.of("network", "latitude", "longitude")) {
          if (!col.containsKey(need)) {
            throw new GeoFusionCommand.Failure(csv + ":1: the header has no '" + need
                + "' column");
          }
        }
        String line;
        int n = 1;
        while ((line = r.readLine()) != null) {
          n++;
          if (line.isBlank() || line.startsWith("#")) {
            continue;
          }
          try {
            List<String> f = splitCsv(line);
            LatLon at = LatLon.of(Double.parseDouble(get(f, col, "latitude")),
                Double.parseDouble(get(f, col, "longitude")));
            String radius = get(f, col, "accuracy_radius_km");
            int radiusKm = radius == null ? 10 : Integer.parseInt(radius);
            w.insert(get(f, col, "network"), MmdbWriter.cityRecord(at, radiusKm,
                upper(get(f, col, "country_iso_code")), get(f, col, "subdivision"),
                get(f, col, "city")));
            rows++;
          } catch (IllegalArgumentException e) {
            bad++;
            err.println("geofusion: error: " + csv + ":" + n + ": " + e.getMessage());
          }
        }
      } catch (NoSuchFileException e) {
        throw new GeoFusionCommand.Failure(csv + ": no such file; check --csv");
      }
      if (bad > 0) {
        throw new GeoFusionCommand.Failure(bad + " bad line(s) in " + csv + "; nothing written,"
            + " fix them and run again");
      }
      if (rows == 0) {
        throw new GeoFusionCommand.Failure(csv + ": no networks; nothing written");
      }
      w.write(out);
      spec.commandLine().getOut().println("wrote " + rows + " network(s) to " + out);
      spec.commandLine().getOut().flush();
      return 0;
    }

    private static String get(List<String> f, Map<String, Integer> col, String name) {
      Integer i = col.get(name);
      if (i == null || i >= f.size()) {
        return null;
      }
      String v = f.get(i).strip();
      return v.isEmpty() ? null : v;
    }

    private static String upper(String s) {
      return s == null ? null : s.toUpperCase(Locale.ROOT);
    }
  }

  @Command(name = "lookup", mixinStandardHelpOptions = true,
      description = "Look addresses up in GeoIP databases (overlay first, when given).")
  static final class Lookup implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ADDRESS", arity = "1..*",
        description = "IP literals (never resolved: no DNS).")
    List<String> addresses;

    @CommandLine.Mixin GeoIpOptions databases;

    @CommandLine.Mixin AnonymousIpOption anonymous = new AnonymousIpOption();

    @Option(names = "--json", description = "One JSON object per address, one per line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      if (databases.none() && !anonymous.given()) {
        throw new GeoFusionCommand.UsageError("give at least one database: --geoip-city,"
            + " --geoip-asn, --geoip-overlay or --geoip-anonymous (or set geoip.city in the"
            + " config file)");
      }
      PrintWriter out = spec.commandLine().getOut();
      try (GeoIpService svc = databases.open(anonymous)) {
        List<String> columns = new ArrayList<>(List.of("ADDRESS", ">LAT", ">LON", ">RADIUS_KM",
            "COUNTRY", "CITY", "ASN", "SOURCE"));
        if (anonymous.given()) {
          columns.add("ANONYMOUS");
        }
        TextTable t = new TextTable(columns.toArray(String[]::new));
        for (String a : addresses) {
          InetAddress ip;
          try {
            ip = IpAddresses.parse(a);
          } catch (IllegalArgumentException e) {
            throw new GeoFusionCommand.UsageError(e.getMessage());
          }
          Optional<GeoIpLocation> loc = svc.locate(ip);
          Optional<AsnInfo> as = svc.asn(ip);
          Optional<AnonymousIpInfo> anon = svc.anonymousIp(ip);
          if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", a);
            loc.ifPresent(l -> {
              m.put("lat", l.position().lat());
              m.put("lon", l.position().lon());
              m.put("accuracy_radius_km", l.accuracyRadiusKm());
              m.put("country_centroid", l.countryCentroid());
              m.put("country_iso_code", l.countryIsoCode());
              m.put("city", l.city());
              m.put("source", l.source());
            });
            as.ifPresent(x -> {
              m.put("asn", x.asn());
              m.put("as_organization", x.organization());
            });
            if (anonymous.given()) {
              m.put("anonymous_ip", HostFusion.putAnonymousIp(
                  JsonNodeFactory.instance.objectNode(), anon));
            }
            out.println(ProductJson.toJson(m));
          } else {
            List<String> row = new ArrayList<>(List.of(a,
                loc.map(l -> String.format(Locale.ROOT, "%.4f", l.position().lat())).orElse("-"),
                loc.map(l -> String.format(Locale.ROOT, "%.4f", l.position().lon())).orElse("-"),
                loc.map(l -> String.format(Locale.ROOT, "%.0f", l.accuracyRadiusKm()))
                    .orElse("-"),
                loc.map(GeoIpLocation::countryIsoCode).orElse("-"),
                loc.map(GeoIpLocation::city).orElse("-"),
                as.map(x -> "AS" + x.asn()).orElse("-"),
                loc.map(GeoIpLocation::source).orElse("-")));
            if (anonymous.given()) {
              row.add(anon.map(x -> String.join(",", x.flags()) + HostFusion.plusDetails(x))
                  .orElse("-"));
            }
            t.row(row.toArray());
          }
        }
        if (!json) {
          t.print(out);
        }
      }
      out.flush();
      return 0;
    }
  }

  /**
   * Opens the databases given, overlay first; a missing or corrupt file, or an {@code anonymous}
   * file that is not an anonymous-IP database, is a one-line error.
   */
  static GeoIpService open(Path city, Path asn, Path overlay, Path anonymous) {
    try {
      MaxMindGeoIpService.Builder b = MaxMindGeoIpService.builder();
      if (city != null) {
        b.database(city);
      }
      if (asn != null) {
        b.database(asn);
      }
      if (anonymous != null) {
        b.anonymousIpDatabase(anonymous);
      }
      GeoIpService m = city == null && asn == null && anonymous == null ? GeoIpService.empty()
          : b.build();
      if (overlay == null) {
        return m;
      }
      try {
        return GeoIpService.overlay(MaxMindGeoIpService.open(overlay), m);
      } catch (GeoIpException | RuntimeException e) {
        m.close(); // the overlay failed: do not leak the databases already open
        throw e;
      }
    } catch (GeoIpException e) {
      throw new GeoFusionCommand.Failure(e.getMessage(), e);
    }
  }

  /** Splits one CSV line (RFC 4180 quoting). */
  static List<String> splitCsv(String line) {
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
