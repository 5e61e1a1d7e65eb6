package io.geofusion.asn;

import io.geofusion.path.HopAnalysis;
import io.geofusion.path.HopFlag;
import io.geofusion.path.PathAnalysis;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The registry of {@link AsnProfile}s: a bundled table (docs/asn-profiles.md says where its
 * values come from) optionally merged with a user's own JSON file. Immutable and thread-safe;
 * {@link #withOverrides} returns a new registry.
 *
 * <p>Lookups of an AS number that is not in the table answer with a profile of type
 * {@link AsnType#UNKNOWN} (or of a type the caller knows) and that type's default stretch, so a
 * path stretch is always defined.
 */
public final class AsnProfiles {

  /** Class-path location of the bundled table. */
  public static final String BUNDLED_RESOURCE = "/io/geofusion/asn/asn-profiles.json";

  private final Map<Long, AsnProfile> profiles;
  private final Map<AsnType, Double> typeDefaults;

  private AsnProfiles(Map<Long, AsnProfile> profiles, Map<AsnType, Double> typeDefaults) {
    this.profiles = Collections.unmodifiableMap(profiles);
    this.typeDefaults = Collections.unmodifiableMap(typeDefaults);
  }

  private static final class Bundled {
    static final AsnProfiles INSTANCE = loadBundled();
  }

  /** The bundled table (loaded once). */
  public static AsnProfiles bundled() {
    return Bundled.INSTANCE;
  }

  /**
   * The bundled table merged with a user file (user entries win).
   *
   * @throws InvalidAsnTableException naming the file and the problem
   * @throws IOException when the file cannot be read
   */
  public static AsnProfiles load(Path userFile) throws IOException {
    return bundled().withOverrides(userFile);
  }

  private static AsnProfiles loadBundled() {
    try (InputStream in = AsnProfiles.class.getResourceAsStream(BUNDLED_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("bundled ASN table " + BUNDLED_RESOURCE + " is missing");
      }
      AsnTableReader.Table t = AsnTableReader.read(in, BUNDLED_RESOURCE);
      for (AsnType type : AsnType.values()) {
        if (!t.typeDefaults().containsKey(type)) {
          throw new IllegalStateException("bundled ASN table has no default for type "
              + type.jsonName());
        }
      }
      return new AsnProfiles(new LinkedHashMap<>(), new EnumMap<>(AsnType.class)).merge(t);
    } catch (IOException e) {
      throw new IllegalStateException("bundled ASN table is unreadable: " + e.getMessage(), e);
    }
  }

  /**
   * This registry merged with a JSON table file: its {@code type_defaults} replace these per type,
   * its {@code profiles} replace or add per AS number. A user profile without
   * {@code route_stretch} takes its type's default (after the merge).
   *
   * @throws InvalidAsnTableException naming the file and the problem
   * @throws IOException when the file cannot be read
   */
  public AsnProfiles withOverrides(Path file) throws IOException {
    String source = file.toString();
    try (InputStream in = Files.newInputStream(file)) {
      return merge(AsnTableReader.read(in, source));
    } catch (NoSuchFileException e) {
      throw new InvalidAsnTableException(source, "no such file", e);
    }
  }

  /** This registry with the given profiles added or replaced. */
  public AsnProfiles withProfiles(Collection<AsnProfile> extra) {
    Map<Long, AsnProfile> p = new LinkedHashMap<>(profiles);
    for (AsnProfile a : extra) {
      p.put(a.asn(), a);
    }
    return new AsnProfiles(p, new EnumMap<>(typeDefaults));
  }

  private AsnProfiles merge(AsnTableReader.Table t) {
    Map<AsnType, Double> d = new EnumMap<>(AsnType.class);
    d.putAll(typeDefaults);
    d.putAll(t.typeDefaults());
    Map<Long, AsnProfile> p = new LinkedHashMap<>(profiles);
    for (AsnTableReader.Entry e : t.profiles().values()) {
      double s = Double.isNaN(e.routeStretch()) ? d.get(e.type()) : e.routeStretch();
      p.put(e.asn(), new AsnProfile(e.asn(), e.name(), e.type(), s));
    }
    return new AsnProfiles(p, d);
  }

  /** The profile of a listed AS, or empty. */
  public Optional<AsnProfile> find(long asn) {
    return Optional.ofNullable(profiles.get(asn));
  }

  /** The profile of an AS; an unlisted one is {@link AsnType#UNKNOWN} with that default stretch. */
  public AsnProfile profile(long asn) {
    return profile(asn, AsnType.UNKNOWN);
  }

  /**
   * The profile of an AS; an unlisted one gets {@code typeIfUnlisted} (e.g. from a GeoIP
   * organisation name) and that type's default stretch. A listed AS keeps its table entry.
   */
  public AsnProfile profile(long asn, AsnType typeIfUnlisted) {
    AsnProfile p = profiles.get(asn);
    if (p != null) {
      return p;
    }
    AsnType t = typeIfUnlisted == null ? AsnType.UNKNOWN : typeIfUnlisted;
    return new AsnProfile(asn, "AS" + asn, t, defaultStretch(t));
  }

  /** Default route stretch of a type. */
  public double defaultStretch(AsnType type) {
    return typeDefaults.get(type);
  }

  /** Every listed profile, in table order (bundled first, then user additions). */
  public Collection<AsnProfile> profiles() {
    return profiles.values();
  }

  /** Number of listed profiles. */
  public int size() {
    return profiles.size();
  }

  /**
   * The path stretch of an analysed traceroute: the AS of each answered hop's primary address, as
   * {@code asnOfAddress} says (e.g. a GeoIP ASN lookup; return null when unknown), combined with
   * {@link StretchCombination#HOP_WEIGHTED_MEAN}. Hops without a public address are skipped, as
   * are {@code repeated_hop} and {@code routing_loop} hops, so a loop does not weigh one network
   * twice.
   */
  public double pathStretch(PathAnalysis path, Function<String, Long> asnOfAddress) {
    List<Long> asns = new ArrayList<>(path.hops().size());
    for (HopAnalysis h : path.hops()) {
      if (h.address() == null || h.addressClass() == null || !h.addressClass().isPublic()
          || h.has(HopFlag.REPEATED_HOP) || h.has(HopFlag.ROUTING_LOOP)) {
        continue;
      }
      asns.add(asnOfAddress.apply(h.address()));
    }
    return pathStretch(asns);
  }

  /** {@link #pathStretch(List, StretchCombination)} with {@link StretchCombination#HOP_WEIGHTED_MEAN}. */
  public double pathStretch(List<Long> asnPerHop) {
    return pathStretch(asnPerHop, StretchCombination.HOP_WEIGHTED_MEAN);
  }

  /**
   * The route stretch of a whole path from the AS of each hop, in path order. {@code null}
   * entries (hops with no known AS, e.g. private addresses or timeouts) are skipped; a path with
   * no known AS at all gets the {@link AsnType#UNKNOWN} default. The result is always in
   * [1, {@value AsnProfile#MAX_STRETCH}] because every stretch is.
   */
  public double pathStretch(List<Long> asnPerHop, StretchCombination how) {
    double sum = 0;
    double max = 1.0;
    int n = 0;
    for (Long asn : asnPerHop) {
      if (asn == null) {
        continue;
      }
      double s = profile(asn).routeStretch();
      sum += s;
      max = Math.max(max, s);
      n++;
    }
    if (n == 0) {
      return defaultStretch(AsnType.UNKNOWN);
    }
    double s = how == StretchCombination.MAX ? max : sum / n;
    return Math.max(1.0, s); // rounding of the mean can never take it below 1
  }
}
