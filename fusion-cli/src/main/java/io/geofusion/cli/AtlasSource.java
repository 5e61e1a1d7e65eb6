package io.geofusion.cli;

import io.geofusion.formats.VantagePositions;
import io.geofusion.geoip.GeoIpException;
import io.geofusion.geoip.GeoIpLocation;
import io.geofusion.locate.HostLocator;
import io.geofusion.locate.LiveTarget;
import io.geofusion.locate.RecordedEvidence;
import io.geofusion.locate.TargetEvidence;
import io.geofusion.locate.VantageCandidate;
import io.geofusion.locate.VantageSelector;
import io.geofusion.probe.remote.AtlasClient;
import io.geofusion.probe.remote.AtlasCredits;
import io.geofusion.probe.remote.AtlasException;
import io.geofusion.probe.remote.AtlasPing;
import io.geofusion.probe.remote.AtlasProbeArchive;
import io.geofusion.probe.remote.AtlasRun;
import io.geofusion.text.TextLines;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code analyze --atlas} and {@code --atlas-measurement}: the RIPE Atlas evidence to fuse, from
 * the library's {@link AtlasClient} and {@link AtlasRun}; the plan and its cost under
 * {@code --dry-run}. Not thread-safe (one per command run).
 */
final class AtlasSource {

  /** Longest {@code --atlas-wait}. */
  static final Duration MAX_WAIT = Duration.ofMinutes(30);

  private final AtlasOptions o;

  AtlasSource(AtlasOptions options) {
    this.o = options;
  }

  /**
   * The evidence of the RIPE Atlas run, or empty after a dry run (the plan is then printed on
   * {@code out}).
   */
  Optional<RecordedEvidence> evidence(List<String> targets, HostLocator locator, PrintWriter out,
      PrintWriter err) throws IOException, InterruptedException {
    Duration wait = parseWait(o.wait);
    if (o.atlas && o.measurement != null) {
      throw new UsageError("give either --atlas (measure now) or --atlas-measurement ID (fuse an"
          + " existing measurement), not both");
    }
    if (o.measurement != null && !targets.isEmpty()) {
      throw new UsageError("--atlas-measurement ID fuses that measurement's own targets; drop"
          + " TARGET...");
    }
    if (o.atlas && targets.isEmpty()) {
      throw new UsageError("--atlas needs TARGET... to measure");
    }
    if (o.dryRun && !o.atlas) {
      throw new UsageError("--dry-run applies to --atlas: it shows the probes and the cost"
          + " before a measurement is created");
    }
    Instant deadline = Instant.now().plus(wait);
    try {
      AtlasClient client = client(o.atlas && !o.dryRun);
      if (o.refreshProbes) {
        refresh(client, deadline, err);
      }
      AtlasProbeArchive.Archive archive = archive();
      VantagePositions positions = VantagePositions.of(archive.positions());
      if (o.measurement != null) {
        byte[] json = client.results(o.measurement, deadline);
        return Optional.of(AtlasRun.evidence(json, "RIPE Atlas measurement " + o.measurement,
            positions));
      }
      List<AtlasRun.Plan> plans = plans(targets, locator, archive);
      if (o.dryRun) {
        printPlans(plans, locator, out);
        return Optional.empty();
      }
      return Optional.of(measure(client, plans, positions, deadline, err));
    } catch (AtlasException e) {
      throw new Failure(e.getMessage(), e);
    }
  }

  private List<AtlasRun.Plan> plans(List<String> targets, HostLocator locator,
      AtlasProbeArchive.Archive archive) throws IOException {
    if (o.probes < 1 || o.probes > AtlasPing.MAX_PROBES) {
      throw new UsageError("--atlas-probes must be in [1, " + AtlasPing.MAX_PROBES + "], got "
          + o.probes);
    }
    List<AtlasRun.Plan> plans = new ArrayList<>();
    for (String typed : targets) {
      LiveTarget t;
      try {
        t = LiveTarget.resolve(typed);
      } catch (LiveTarget.TargetException e) {
        throw new UsageError(e.getMessage());
      }
      Optional<GeoIpLocation> guess = guess(locator, t.addressText());
      try {
        plans.add(AtlasRun.plan(t.addressText(), guess.map(GeoIpLocation::position).orElse(null),
            guess.map(GeoIpLocation::accuracyRadiusKm).orElse(0.0), archive.probes(), o.probes,
            o.packets, AtlasPing.DEFAULT_SIZE));
      } catch (IllegalArgumentException e) {
        throw new UsageError(e.getMessage());
      }
    }
    return plans;
  }

  private static Optional<GeoIpLocation> guess(HostLocator locator, String address) {
    try {
      return locator.lookup(address).location();
    } catch (GeoIpException e) {
      throw new Failure(e.getMessage(), e);
    }
  }

  /** Creates every measurement first, then waits for all of them under the one deadline. */
  private RecordedEvidence measure(AtlasClient client, List<AtlasRun.Plan> plans,
      VantagePositions positions, Instant deadline, PrintWriter err)
      throws IOException, InterruptedException {
    List<Long> ids = new ArrayList<>();
    for (AtlasRun.Plan p : plans) {
      long id = client.createPing(p.ping(), deadline);
      ids.add(id);
      err.println("geofusion: RIPE Atlas measurement " + id + " created for " + p.ping().target()
          + ": " + p.probes().size() + " probes, at most " + p.ping().credits() + " credits");
    }
    err.flush();
    List<TargetEvidence> all = new ArrayList<>();
    int unnamed = 0;
    int unplaced = 0;
    for (int i = 0; i < plans.size(); i++) {
      long id = ids.get(i);
      AtlasClient.Poll poll = client.awaitResults(id, plans.get(i).probes().size(), deadline);
      if (!poll.complete()) {
        err.println("geofusion: warning: RIPE Atlas measurement " + id + ": " + poll
            .probesReported() + " of " + poll.expected() + " probes reported before the"
            + " deadline; fusing those (fuse the rest later: --atlas-measurement " + id + ")");
      }
      RecordedEvidence e = AtlasRun.evidence(poll.json(), "RIPE Atlas measurement " + id,
          positions);
      all.addAll(e.targets());
      unnamed += e.unnamedTraces();
      unplaced += e.unplacedRecords();
    }
    return new RecordedEvidence(all, unnamed, unplaced, 0);
  }

  private void printPlans(List<AtlasRun.Plan> plans, HostLocator locator, PrintWriter out) {
    long total = 0;
    for (AtlasRun.Plan p : plans) {
      Optional<GeoIpLocation> g = guess(locator, p.ping().target());
      out.println("RIPE Atlas plan for " + p.ping().target() + ": " + g.map(x -> "GeoIP "
          + x.position() + " ±" + Math.round(x.accuracyRadiusKm()) + " km").orElse(
          "no GeoIP position (spread picks only)"));
      TextTable table = new TextTable(">probe", "reason", ">km_to_guess", "asn", "country",
          "position");
      for (VantageSelector.Choice c : p.probes()) {
        VantageCandidate v = c.vantage();
        table.row(v.id(), c.reason().name().toLowerCase(Locale.ROOT),
            Double.isNaN(c.distanceKm()) ? "-" : String.format(Locale.ROOT,
                c.distanceKm() < 100 ? "%.1f" : "%.0f", c.distanceKm()), v.asn() == null ? "-" : "AS" + v.asn(),
            v.country() == null ? "-" : v.country(), v.at().toString());
      }
      table.print(out);
      AtlasPing ping = p.ping();
      out.println("cost: " + ping.probeIds().size() + " probes x " + ping.packets()
          + " packets of " + ping.sizeBytes() + " bytes, one-off = at most " + ping.credits()
          + " credits (" + AtlasCredits.ONE_OFF_FACTOR
          + " x probes x packets x (size/1500 + 1); docs/cli-live.md)");
      out.println();
      total += ping.credits();
    }
    out.println("total: at most " + total + " credits for " + plans.size() + " target(s);"
        + " nothing was sent (--dry-run)");
    out.flush();
  }

  private AtlasClient client(boolean needKey) throws IOException {
    AtlasClient.Builder b = AtlasClient.builder();
    if (o.api != null) {
      try {
        b.baseUrl(URI.create(o.api));
      } catch (IllegalArgumentException e) {
        throw new UsageError("--atlas-api: " + e.getMessage());
      }
    }
    if (o.keyFile != null) {
      b.key(readKey(o.keyFile));
    } else if (needKey) {
      throw new UsageError("--atlas creates measurements and needs an API key: put it in a file"
          + " (chmod 600) and give --atlas-key-file FILE; never give the key itself");
    }
    return b.build();
  }

  private static String readKey(Path file) throws IOException {
    List<String> lines;
    try {
      lines = TextLines.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw new Failure(file + ": no such file; check --atlas-key-file");
    } catch (TextLines.NotUtf8Exception e) {
      throw new Failure(e.getMessage(), e);
    }
    for (String l : lines) {
      if (!l.isBlank()) {
        try {
          AtlasClient.builder().key(l.strip());
          return l.strip();
        } catch (IllegalArgumentException e) {
          throw new Failure(file + ":" + (lines.indexOf(l) + 1) + ": " + e.getMessage());
        }
      }
    }
    throw new Failure(file + ": empty; put the RIPE Atlas API key on its first line");
  }

  private AtlasProbeArchive.Archive archive() throws IOException {
    Path f = o.probeArchive != null ? o.probeArchive : AtlasProbeArchive.defaultCache();
    if (o.probeArchive == null && !Files.isRegularFile(f)) {
      throw new Failure("no RIPE Atlas probe archive cached at " + f + ": run once with"
          + " --atlas-refresh-probes, or give --atlas-probe-archive FILE (a RIPE Atlas probe"
          + " archive CSV or JSON)");
    }
    AtlasProbeArchive.Archive a = AtlasProbeArchive.read(f);
    if (a.probes().isEmpty()) {
      throw new Failure(f + ": no probe with a position; refresh it (--atlas-refresh-probes)");
    }
    return a;
  }

  private void refresh(AtlasClient client, Instant deadline, PrintWriter err)
      throws IOException, InterruptedException {
    List<VantageCandidate> probes = client.connectedProbes(deadline);
    Path cache = AtlasProbeArchive.defaultCache();
    AtlasProbeArchive.writeCsv(cache, probes);
    err.println("geofusion: cached " + probes.size() + " connected RIPE Atlas probes in "
        + cache);
    err.flush();
  }

  /** {@code --atlas-wait}: {@code 90s}, {@code 5m} or plain seconds, 10 s to 30 min. */
  static Duration parseWait(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    long factor = 1;
    if (t.endsWith("m")) {
      factor = 60;
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("s")) {
      t = t.substring(0, t.length() - 1);
    }
    long v;
    try {
      v = Long.parseLong(t.strip());
    } catch (NumberFormatException e) {
      throw new UsageError("--atlas-wait must be a time such as 90s or 5m, got '" + text + "'");
    }
    Duration d = Duration.ofSeconds(v * factor);
    if (d.compareTo(Duration.ofSeconds(10)) < 0 || d.compareTo(MAX_WAIT) > 0) {
      throw new UsageError("--atlas-wait must be between 10s and 30m, got '" + text + "'");
    }
    return d;
  }
}
