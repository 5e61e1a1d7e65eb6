package io.geofusion.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The job's command line:
 * {@code --results PATH[,PATH...] --probes CSV --out DIR [--ndjson DIR] [--evidence DIR]
 * [--master URL]}. Paths are anything Spark reads (local, {@code hdfs://}, {@code s3a://}); a
 * results path may be a directory or a glob; gzip is read by its {@code .gz} name.
 *
 * @param results RIPE Atlas result files (JSON Lines, ping and traceroute)
 * @param probes the vantage table: the RIPE Atlas probe archive CSV
 *     ({@code id,address_v4,country_code,latitude,longitude}) or {@code id,lat,lon}
 * @param out the Parquet output directory (must not exist)
 * @param ndjson the NDJSON output directory ({@code triangulate --ndjson} lines), or null
 * @param evidence the evidence output directory (ground-truth NDJSON, the input of
 *     {@code geofusion triangulate}), or null
 * @param master the Spark master for a run without {@code spark-submit} (e.g. {@code local[2]}),
 *     or null to take spark-submit's
 */
record JobOptions(List<String> results, String probes, String out, String ndjson,
    String evidence, String master) {

  static final String USAGE = "usage: AtlasLocateJob --results PATH[,PATH...] --probes CSV"
      + " --out DIR [--ndjson DIR] [--evidence DIR] [--master URL]";

  JobOptions {
    results = List.copyOf(results);
    if (results.isEmpty()) {
      throw new IllegalArgumentException("--results is required (RIPE Atlas JSON Lines files); "
          + USAGE);
    }
    Objects.requireNonNull(probes, "--probes is required (the probe archive CSV); " + USAGE);
    Objects.requireNonNull(out, "--out is required (a Parquet directory); " + USAGE);
  }

  /**
   * Parses the command line.
   *
   * @throws IllegalArgumentException naming what is wrong and the usage
   */
  static JobOptions parse(String... args) {
    List<String> results = new ArrayList<>();
    String probes = null;
    String out = null;
    String ndjson = null;
    String evidence = null;
    String master = null;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value; " + USAGE);
      }
      String value = args[++i];
      switch (name) {
        case "--results" -> {
          for (String p : value.split(",")) {
            if (!p.isBlank()) {
              results.add(p.strip());
            }
          }
        }
        case "--probes" -> probes = value;
        case "--out" -> out = value;
        case "--ndjson" -> ndjson = value;
        case "--evidence" -> evidence = value;
        case "--master" -> master = value;
        default -> throw new IllegalArgumentException("unknown option '" + name + "'; " + USAGE);
      }
    }
    if (probes == null || out == null) {
      throw new IllegalArgumentException((probes == null ? "--probes" : "--out")
          + " is required; " + USAGE);
    }
    return new JobOptions(results, probes, out, ndjson, evidence, master);
  }
}
