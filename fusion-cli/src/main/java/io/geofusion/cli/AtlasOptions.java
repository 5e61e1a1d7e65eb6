package io.geofusion.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * RIPE Atlas options of {@code analyze} (a picocli mixin); {@link AtlasSource} acts on them.
 */
final class AtlasOptions {

  /** Default probes per target. */
  static final int DEFAULT_PROBES = 20;

  @Option(names = "--atlas",
      description = "Measure the targets from RIPE Atlas probes (chosen near the GeoIP position"
          + " plus a spread; docs/vantage-selection.md) with one-off pings, wait for the"
          + " results and fuse them. Needs --atlas-key-file; costs credits (see --dry-run).")
  boolean atlas;

  @Option(names = "--atlas-measurement", paramLabel = "ID",
      description = "Fuse the results of an existing RIPE Atlas measurement instead (no key"
          + " needed for public measurements).")
  Long measurement;

  @Option(names = "--atlas-key-file", paramLabel = "FILE",
      description = "File holding the RIPE Atlas API key (first line). Never give a key on the"
          + " command line.")
  Path keyFile;

  @Option(names = "--atlas-probes", paramLabel = "N", defaultValue = "" + DEFAULT_PROBES,
      description = "RIPE Atlas probes per target, 1-1000 (default ${DEFAULT-VALUE}).")
  int probes;

  @Option(names = "--atlas-packets", paramLabel = "N", defaultValue = "3",
      description = "Ping packets per probe, 1-16 (default ${DEFAULT-VALUE}).")
  int packets;

  @Option(names = "--atlas-probe-archive", paramLabel = "FILE",
      description = "RIPE Atlas probe archive (CSV or JSON, as the RIPE NCC publishes it) to"
          + " place and choose probes; default: the cached copy (see --atlas-refresh-probes).")
  Path probeArchive;

  @Option(names = "--atlas-refresh-probes",
      description = "Download the list of connected probes into the cache first.")
  boolean refreshProbes;

  @Option(names = "--atlas-wait", paramLabel = "TIME", defaultValue = "5m",
      description = "One deadline for the whole RIPE Atlas exchange: 90s, 5m (default"
          + " ${DEFAULT-VALUE}; at most 30m). Results that came by then are fused.")
  String wait;

  @Option(names = "--dry-run",
      description = "Print the chosen probes and the credit cost, send nothing.")
  boolean dryRun;

  /** The API base URL, for tests (also system property geofusion.atlas.base-url). */
  @Option(names = "--atlas-api", paramLabel = "URL", hidden = true)
  String api;

  /** Whether any RIPE Atlas mode was asked for. */
  boolean requested() {
    return atlas || measurement != null;
  }
}
