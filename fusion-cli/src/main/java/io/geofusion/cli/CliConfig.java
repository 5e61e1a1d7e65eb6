package io.geofusion.cli;

import io.geofusion.geo.LatLon;
import io.geofusion.text.TextLines;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * The user's configuration file: defaults for options that are tedious to repeat (the vantage
 * position, GeoIP database paths, ...). Every key is also a flag, and a flag always wins.
 *
 * <p>Location, first match wins: {@code --config FILE}, the {@code GEOFUSION_CONFIG} environment
 * variable, {@code $XDG_CONFIG_HOME/geofusion/config.properties}, {@code
 * ~/.config/geofusion/config.properties} (XDG Base Directory Specification 0.8). The format is
 * {@code key = value} lines; {@code #} starts a comment. A file given explicitly must exist; the
 * default location may be absent.
 */
final class CliConfig {

  /** A known key: the flag it stands for and a check of its value. */
  record Key(String name, String flag, String builtin, Consumer<String> check) {

    /**
     * Whether this key supplies the default of {@link #flag} in {@code command}: the distance
     * keys only where the flag means the RTT distance model (guardrail's {@code --model} names a
     * language model).
     */
    boolean appliesTo(String command) {
      return !"guardrail".equals(command);
    }
  }

  static final List<Key> KEYS = List.of(
      new Key("vantage", "--from", "(none)", v -> LatLon.parse(v)),
      new Key("local_delay_ms", "--local-delay", "0",
          v -> nonNegative(v)),
      new Key("distance_model", "--model", "fiber_2_3", v -> { }),
      new Key("route_stretch", "--stretch", "ASN profiles (1.5 if unknown)", v -> {
        if (nonNegative(v) < 1) {
          throw new IllegalArgumentException("must be >= 1, got " + v);
        }
      }),
      new Key("geoip.city", "--geoip-city", "(none)", v -> { }),
      new Key("geoip.asn", "--geoip-asn", "(none)", v -> { }),
      new Key("geoip.overlay", "--geoip-overlay", "(none)", v -> { }),
      new Key("geoip.anonymous", "--geoip-anonymous", "(none)", v -> { }),
      new Key("asn.profiles", "--asn-profiles", "(bundled)", v -> { }),
      new Key("probe.method", "--method", "auto", v -> { }),
      new Key("population_prior", "--population-prior", "on", FusionOptions::check),
      new Key("far_vantages", "--far-vantages", "on", FusionOptions::checkFar));

  /** Where a value came from. */
  record Value(String value, String source) {}

  private final Path file;
  private final boolean fileExists;
  private final Map<String, Value> values;
  private final List<String> warnings;

  private CliConfig(Path file, boolean fileExists, Map<String, Value> values,
      List<String> warnings) {
    this.file = file;
    this.fileExists = fileExists;
    this.values = Collections.unmodifiableMap(values);
    this.warnings = List.copyOf(warnings);
  }

  /** The configuration in effect for a (sub)command of {@code geofusion}. */
  static CliConfig of(CommandLine.Model.CommandSpec spec) {
    return ((GeoFusionCommand) spec.root().userObject()).config();
  }

  /** No configuration at all (used when the default file is absent). */
  static CliConfig empty(Path where) {
    return new CliConfig(where, false, new LinkedHashMap<>(), List.of());
  }

  /** The default location, honouring {@code GEOFUSION_CONFIG} and {@code XDG_CONFIG_HOME}. */
  static Path defaultLocation(Map<String, String> env) {
    String explicit = env.get("GEOFUSION_CONFIG");
    if (explicit != null && !explicit.isBlank()) {
      return Paths.get(explicit);
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    Path base = xdg != null && !xdg.isBlank() && Paths.get(xdg).isAbsolute()
        ? Paths.get(xdg)
        : Paths.get(System.getProperty("user.home"), ".config");
    return base.resolve("geofusion").resolve("config.properties");
  }

  /**
   * Loads {@code explicit} (which must exist) or, when null, the default location (which may be
   * absent).
   *
   * @throws Failure naming the file and line of a bad entry
   */
  static CliConfig load(Path explicit, Map<String, String> env) {
    Path f = explicit != null ? explicit : defaultLocation(env);
    boolean mustExist = explicit != null || env.get("GEOFUSION_CONFIG") != null;
    Map<String, Value> values = new LinkedHashMap<>();
    List<String> warnings = new java.util.ArrayList<>();
    try (TextLines r = TextLines.open(f)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        int eq = t.indexOf('=');
        if (eq <= 0) {
          throw new Failure(f + ":" + n + ": expected 'key = value', got '"
              + t + "'");
        }
        String key = t.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        String value = t.substring(eq + 1).strip();
        Optional<Key> k = key(key);
        if (k.isEmpty()) {
          warnings.add(f + ":" + n + ": unknown key '" + key + "' ignored; known keys: "
              + String.join(", ", KEYS.stream().map(Key::name).toList()));
          continue;
        }
        try {
          k.get().check().accept(value);
        } catch (IllegalArgumentException e) {
          throw new Failure(f + ":" + n + ": bad value for " + key + ": "
              + e.getMessage());
        }
        values.put(key, new Value(value, f + ":" + n));
      }
    } catch (NoSuchFileException e) {
      if (mustExist) {
        throw new Failure(f + ": config file not found; check --config or"
            + " GEOFUSION_CONFIG");
      }
      return empty(f);
    } catch (TextLines.NotUtf8Exception e) {
      throw new Failure(e.getMessage());
    } catch (IOException e) {
      throw new Failure(f + ": cannot read the config file: " + e.getMessage());
    }
    return new CliConfig(f, true, values, warnings);
  }

  static Optional<Key> key(String name) {
    return KEYS.stream().filter(k -> k.name().equals(name)).findFirst();
  }

  static Optional<Key> keyForFlag(String flag) {
    return KEYS.stream().filter(k -> k.flag().equals(flag)).findFirst();
  }

  Optional<Value> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  Path file() {
    return file;
  }

  boolean fileExists() {
    return fileExists;
  }

  List<String> warnings() {
    return warnings;
  }

  private static double nonNegative(String v) {
    double d;
    try {
      d = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: '" + v + "'");
    }
    if (!(d >= 0) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("must be a finite number >= 0, got " + v);
    }
    return d;
  }
}
