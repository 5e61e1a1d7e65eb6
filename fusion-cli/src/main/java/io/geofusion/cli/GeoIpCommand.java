package io.geofusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.geofusion.geoip.AnonymousIpInfo;
import io.geofusion.geoip.AsnInfo;
import io.geofusion.geoip.GeoIpException;
import io.geofusion.geoip.GeoIpLocation;
import io.geofusion.geoip.GeoIpService;
import io.geofusion.geoip.InvalidOverlayCsvException;
import io.geofusion.geoip.MaxMindGeoIpService;
import io.geofusion.geoip.MmdbWriter;
import io.geofusion.geoip.OverlayCsv;
import io.geofusion.json.GeoIpLookupJson;
import io.geofusion.json.HostReportJson;
import io.geofusion.json.ProductJson;
import io.geofusion.net.IpAddresses;
import io.geofusion.text.Limits;
import io.geofusion.text.TextLines;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code geofusion geoip build|lookup|verify}: overlay databases, lookups, integrity checks. */
@Command(
    name = "geoip",
    mixinStandardHelpOptions = true,
    description = "Build overlay GeoIP databases (.mmdb) of your own networks, and look up"
        + " addresses.",
    subcommands = {GeoIpCommand.Build.class, GeoIpCommand.Lookup.class,
        GeoIpCommand.Verify.class})
final class GeoIpCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

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

    @Option(names = "--max-networks", paramLabel = "N",
        description = "Stop with an error, writing nothing, above N network rows (default:"
            + " 1000000, or -Dgeofusion.limit.geoipNetworks; a million city rows take about"
            + " 420 MB).")
    Long maxNetworks;

    @Option(names = "--max-tree-nodes", paramLabel = "N",
        description = "Stop with an error, writing nothing, when the search tree needs more than"
            + " N nodes (default: 3000000, or -Dgeofusion.limit.geoipTreeNodes; adjacent"
            + " networks need one each, scattered IPv6 ones up to 128).")
    Long maxTreeNodes;

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      long networks = positive("--max-networks", maxNetworks, Limits.GEOIP_NETWORKS);
      long nodes = positive("--max-tree-nodes", maxTreeNodes, Limits.GEOIP_TREE_NODES);
      MmdbWriter w = MmdbWriter.ipv6(type).description("en", "GeoFusion overlay built from "
          + csv.getFileName());
      OverlayCsv.Result r;
      try {
        r = OverlayCsv.read(csv, w, networks, nodes);
      } catch (NoSuchFileException e) {
        throw new Failure(csv + ": no such file; check --csv");
      } catch (InvalidOverlayCsvException e) {
        throw new Failure(e.getMessage(), e);
      }
      for (OverlayCsv.Problem p : r.problems()) {
        err.println("geofusion: error: " + csv + ":" + p.line() + ": " + p.message());
      }
      if (!r.problems().isEmpty()) {
        throw new Failure(r.problems().size() + " bad line(s) in " + csv
            + "; nothing written, fix them and run again");
      }
      if (r.networks() == 0) {
        throw new Failure(csv + ": no networks; nothing written");
      }
      w.write(out);
      spec.commandLine().getOut().println("wrote " + r.networks() + " network(s) to " + out);
      spec.commandLine().getOut().flush();
      return 0;
    }

    /** The option's value, else the limit's (its property or default); not positive: usage. */
    private long positive(String option, Long value, Limits.Limit limit) {
      if (value == null) {
        return limit.value();
      }
      if (value <= 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), option + " must be a"
            + " positive number of " + (limit == Limits.GEOIP_NETWORKS ? "networks" : "nodes")
            + ", got " + value);
      }
      return value;
    }
  }

  /** Walks every search-tree node and decodes every record (a tree loop is corruption). */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check .mmdb files completely: metadata, every search-tree node (cycles,"
          + " pointers out of range) and every record the tree reaches. Exit 1 on the first"
          + " damaged file.")
  static final class Verify implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "MaxMind DB files.")
    List<Path> files;

    @Override
    @SuppressWarnings("try") // opening with verify(true) is the check; the service is not used
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      for (Path f : files) {
        try (GeoIpService s = MaxMindGeoIpService.builder().database(f).verify(true).build()) {
          out.println(f + ": ok");
        } catch (GeoIpException e) {
          throw new Failure(e.getMessage(), e);
        }
      }
      out.flush();
      return 0;
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

    @ArgGroup(exclusive = true) OutputOptions output;

    @Override
    public Integer call() throws Exception {
      if (databases.none() && !anonymous.given()) {
        throw new UsageError("give at least one database: --geoip-city,"
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
        OutputOptions.Mode mode = OutputOptions.of(output);
        List<JsonNode> documents = new ArrayList<>();
        for (String a : addresses) {
          InetAddress ip;
          try {
            ip = IpAddresses.parse(a);
          } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
          }
          Optional<GeoIpLocation> loc = svc.locate(ip);
          Optional<AsnInfo> as = svc.asn(ip);
          Optional<AnonymousIpInfo> anon = svc.anonymousIp(ip);
          switch (mode) {
            case TEXT -> t.row(row(a, loc, as, anon).toArray());
            case JSON -> documents.add(
                GeoIpLookupJson.document(a, loc, as, anon, anonymous.given()));
            case NDJSON -> out.println(ProductJson.toJson(GeoIpLookupJson.event(
                GeoIpLookupJson.document(a, loc, as, anon, anonymous.given()))));
          }
        }
        switch (mode) {
          case TEXT -> t.print(out);
          case JSON -> out.println(HostReportJson.results(documents));
          case NDJSON -> { }
        }
      }
      out.flush();
      return 0;
    }

    /** The table row of one address. */
    private List<String> row(String a, Optional<GeoIpLocation> loc, Optional<AsnInfo> as,
        Optional<AnonymousIpInfo> anon) {
      List<String> row = new ArrayList<>(List.of(a,
          loc.map(l -> String.format(Locale.ROOT, "%.4f", l.position().lat())).orElse("-"),
          loc.map(l -> String.format(Locale.ROOT, "%.4f", l.position().lon())).orElse("-"),
          loc.map(l -> String.format(Locale.ROOT, "%.0f", l.accuracyRadiusKm())).orElse("-"),
          loc.map(GeoIpLocation::countryIsoCode).orElse("-"),
          loc.map(GeoIpLocation::city).orElse("-"),
          as.map(x -> "AS" + x.asn()).orElse("-"),
          loc.map(GeoIpLocation::source).orElse("-")));
      if (anonymous.given()) {
        row.add(anon.map(x -> String.join(",", x.flags()) + HostReportText.plusDetails(x))
            .orElse("-"));
      }
      return row;
    }
  }
}
