package io.geofusion.asn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.geofusion.path.Hop;
import io.geofusion.path.HopAnalyzer;
import io.geofusion.path.HopReply;
import io.geofusion.path.PathAnalysis;
import io.geofusion.path.TracePath;
import io.geofusion.rtt.DistanceEstimate;
import io.geofusion.testing.Seeds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(Seeds.class)
class AsnProfilesTest {

  @TempDir Path dir;

  private Path file(String json) throws IOException {
    Path p = dir.resolve("my-asns.json");
    Files.writeString(p, json, StandardCharsets.UTF_8);
    return p;
  }

  @Test
  void bundled_carriesTheOriginValues() {
    AsnProfiles b = AsnProfiles.bundled();
    assertThat(b.find(701)).get().extracting(AsnProfile::type, AsnProfile::routeStretch)
        .containsExactly(AsnType.TIER1, 1.3);
    assertThat(b.find(7922)).get().extracting(AsnProfile::type, AsnProfile::routeStretch)
        .containsExactly(AsnType.CABLE, 1.5);
    assertThat(b.find(15169)).get().extracting(AsnProfile::type, AsnProfile::routeStretch)
        .containsExactly(AsnType.HYPERSCALER, 1.1);
  }

  @ParameterizedTest
  @CsvSource({
      "14593, SATELLITE", "13335, CDN", "20940, CDN", "54113, CDN", "16509, HYPERSCALER",
      "8075, HYPERSCALER", "396982, HYPERSCALER", "16276, HOSTING", "24940, HOSTING",
      "3356, TIER1", "1299, TIER1", "21928, MOBILE", "55836, MOBILE", "11537, EDUCATION",
      "6695, IXP"
  })
  void bundled_wellKnownAsns_haveTheirType(long asn, AsnType type) {
    assertThat(AsnProfiles.bundled().find(asn)).get().extracting(AsnProfile::type)
        .isEqualTo(type);
  }

  @Test
  void bundled_hasADefaultForEveryTypeAndEveryStretchAtLeastOne() {
    AsnProfiles b = AsnProfiles.bundled();
    assertThat(b.size()).isGreaterThan(100);
    for (AsnType t : AsnType.values()) {
      assertThat(b.defaultStretch(t)).as(t.jsonName()).isBetween(1.0, AsnProfile.MAX_STRETCH);
    }
    for (AsnProfile p : b.profiles()) {
      assertThat(p.routeStretch()).as("AS%d", p.asn()).isGreaterThanOrEqualTo(1.0);
    }
  }

  @Test
  void profile_unlistedAsn_getsTypeDefault() {
    AsnProfiles b = AsnProfiles.bundled();
    assertThat(b.find(4_200_000_001L)).isEmpty();
    AsnProfile u = b.profile(4_200_000_001L);
    assertThat(u.type()).isEqualTo(AsnType.UNKNOWN);
    assertThat(u.routeStretch()).isEqualTo(b.defaultStretch(AsnType.UNKNOWN));
    assertThat(u.name()).isEqualTo("AS4200000001");
    AsnProfile m = b.profile(4_200_000_001L, AsnType.MOBILE);
    assertThat(m.routeStretch()).isEqualTo(b.defaultStretch(AsnType.MOBILE));
    // a listed AS keeps its own entry whatever the hint
    assertThat(b.profile(701, AsnType.MOBILE).type()).isEqualTo(AsnType.TIER1);
  }

  @Test
  void withOverrides_userEntriesWinAndAddAndTypeDefaultsApply() throws IOException {
    AsnProfiles p = AsnProfiles.load(file("""
        {"type_defaults": {"mobile": 2.4},
         "profiles": [
           {"asn": 701, "name": "Verizon (measured)", "type": "tier1", "route_stretch": 1.25},
           {"asn": "AS64512", "name": "Our campus", "type": "enterprise", "route_stretch": 1.05},
           {"asn": 4200000000, "name": "Our mobile lab", "type": "mobile"}
         ]}
        """));
    assertThat(p.find(701)).get().extracting(AsnProfile::name, AsnProfile::routeStretch)
        .containsExactly("Verizon (measured)", 1.25);
    assertThat(p.find(64512)).get().extracting(AsnProfile::routeStretch).isEqualTo(1.05);
    assertThat(p.find(4_200_000_000L)).get().extracting(AsnProfile::routeStretch).isEqualTo(2.4);
    assertThat(p.defaultStretch(AsnType.MOBILE)).isEqualTo(2.4);
    // untouched bundled entries stay; the bundled registry itself is unchanged
    assertThat(p.find(7922)).isEqualTo(AsnProfiles.bundled().find(7922));
    assertThat(AsnProfiles.bundled().find(701).orElseThrow().routeStretch()).isEqualTo(1.3);
    assertThat(AsnProfiles.bundled().find(64512)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"profiles\": [{\"asn\": 1, \"name\": \"x\", \"type\": \"tier1\", \"route_stretch\": 0.8}]}"
          + "|profiles[0] (AS1).route_stretch: route stretch must be in [1, 10.0]",
      "{\"profiles\": [{\"asn\": 1, \"name\": \"x\", \"type\": \"tier9\"}]}"
          + "|profiles[0] (AS1): unknown ASN type 'tier9'",
      "{\"profiles\": [{\"asn\": 1, \"name\": \"x\", \"type\": \"cdn\", \"route_strech\": 1.2}]}"
          + "|profiles[0]: unknown key \"route_strech\"",
      "{\"profiles\": [{\"asn\": -5, \"type\": \"cdn\"}]}"
          + "|profiles[0]: AS number must be in [0, 4294967295], got -5",
      "{\"profiles\": [{\"asn\": \"ASX\", \"type\": \"cdn\"}]}"
          + "|\"asn\" must be an AS number such as 701",
      "{\"profiles\": [{\"asn\": 2, \"type\": \"cdn\"}, {\"asn\": 2, \"type\": \"cdn\"}]}"
          + "|profiles[1]: AS2 is listed twice",
      "{\"profiles\": [{\"asn\": 3}]}|profiles[0] (AS3): \"type\" is required",
      "{\"type_defaults\": {\"mobile\": \"high\"}}|type_defaults.mobile: route stretch must be a number",
      "{\"profile\": []}|unknown key \"profile\"",
      "{\"version\": 2}|unsupported version 2",
      "[1, 2]|must be a JSON object",
      "{\"profiles\": [ {\"asn\": 1,, }]}|not valid JSON at line 1 column"
  })
  void withOverrides_badFile_namesFileAndProblem(String json, String problem) throws IOException {
    Path f = file(json);
    assertThatThrownBy(() -> AsnProfiles.load(f))
        .isInstanceOf(InvalidAsnTableException.class)
        .hasMessageStartingWith(f + ": ")
        .hasMessageContaining(problem)
        .extracting(e -> ((InvalidAsnTableException) e).source()).isEqualTo(f.toString());
  }

  @Test
  void withOverrides_missingFile_saysSo() {
    Path f = dir.resolve("absent.json");
    assertThatThrownBy(() -> AsnProfiles.load(f)).isInstanceOf(InvalidAsnTableException.class)
        .hasMessage(f + ": no such file");
  }

  @Test
  void pathStretch_hopWeightedMeanAndMax() {
    AsnProfiles b = AsnProfiles.bundled();
    // 2 hops in Comcast (1.5), 3 in Verizon (1.3), 1 in Google (1.1), 2 unknown hops skipped
    List<Long> hops = Arrays.asList(7922L, 7922L, null, 701L, 701L, 701L, null, 15169L);
    assertThat(b.pathStretch(hops)).isCloseTo((2 * 1.5 + 3 * 1.3 + 1.1) / 6, within(1e-12));
    assertThat(b.pathStretch(hops, StretchCombination.MAX)).isEqualTo(1.5);
    assertThat(b.pathStretch(Arrays.asList(null, null)))
        .isEqualTo(b.defaultStretch(AsnType.UNKNOWN));
    assertThat(b.pathStretch(List.of())).isEqualTo(b.defaultStretch(AsnType.UNKNOWN));
  }

  @Test
  void pathStretch_ofAnalysedTrace_usesPublicNonRepeatedHops() {
    TracePath t = new TracePath(null, "8.8.8.8", List.of(
        new Hop(1, List.of(HopReply.of("192.168.1.1", 1.0))),
        new Hop(2, List.of(HopReply.of("68.85.1.1", 9.0))),
        new Hop(3, List.of(HopReply.of("68.85.1.1", 9.5))),
        new Hop(4, List.of(HopReply.of("4.69.1.1", 15.0))),
        new Hop(5, List.of(HopReply.of("8.8.8.8", 16.0)))));
    PathAnalysis a = HopAnalyzer.defaults().analyze(t);
    Map<String, Long> asn = Map.of("68.85.1.1", 7922L, "4.69.1.1", 3356L, "8.8.8.8", 15169L);
    double s = AsnProfiles.bundled().pathStretch(a, asn::get);
    assertThat(s).isCloseTo((1.5 + 1.3 + 1.1) / 3, within(1e-12));
  }

  @Test
  void bundled_sharedAcrossThreads_answersConsistently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Double>> fs = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        fs.add(pool.submit(() -> AsnProfiles.bundled().pathStretch(List.of(701L, 7922L, 99L))));
      }
      for (Future<Double> f : fs) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isCloseTo((1.3 + 1.5 + 1.5) / 3, within(1e-12));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void pathStretch_randomPaths_isBetweenOneAndTheLargestStretch() {
    long seed = Seeds.seed();
    SplittableRandom r = new SplittableRandom(seed);
    AsnProfiles b = AsnProfiles.bundled();
    List<AsnProfile> all = new ArrayList<>(b.profiles());
    for (int c = 0; c < 1000; c++) {
      List<Long> hops = new ArrayList<>();
      double max = 1;
      double min = Double.MAX_VALUE;
      for (int i = 0, n = 1 + r.nextInt(30); i < n; i++) {
        AsnProfile p = all.get(r.nextInt(all.size()));
        hops.add(p.asn());
        max = Math.max(max, p.routeStretch());
        min = Math.min(min, p.routeStretch());
      }
      double mean = b.pathStretch(hops);
      assertThat(mean).as("seed %d case %d", seed, c).isBetween(Math.max(1, min - 1e-12),
          max + 1e-12);
      assertThat(b.pathStretch(hops, StretchCombination.MAX)).as("seed %d", seed).isEqualTo(max);
    }
  }

  @Test
  void routeStretchApply_dividesEstimateAndNeverMovesTheBound() {
    DistanceEstimate d = new DistanceEstimate(3000, 500, 3000, 0.7);
    DistanceEstimate s = RouteStretch.apply(d, 1.5);
    assertThat(s.estimateKm()).isEqualTo(2000);
    assertThat(s.maxKm()).isEqualTo(3000);
    assertThat(s.minKm()).isEqualTo(500);
    assertThat(s.confidence()).isEqualTo(0.7);
    assertThat(RouteStretch.apply(d, 10).estimateKm()).isEqualTo(500); // clamped at min
    assertThat(RouteStretch.apply(d, 1.0)).isEqualTo(d);
    assertThatThrownBy(() -> RouteStretch.apply(d, 0.5))
        .hasMessageContaining("can never be below 1");
  }

  @Test
  void asnProfile_invalidValues_areRejected() {
    assertThatThrownBy(() -> new AsnProfile(1, "x", AsnType.CDN, Double.NaN))
        .hasMessageContaining("route stretch");
    assertThatThrownBy(() -> new AsnProfile(4_294_967_296L, "x", AsnType.CDN, 1.1))
        .hasMessageContaining("4294967296");
    assertThatThrownBy(() -> new AsnProfile(1, " ", AsnType.CDN, 1.1))
        .hasMessageContaining("needs a name");
    assertThatThrownBy(() -> AsnType.fromJsonName("isp")).hasMessageContaining("residential");
  }
}
