package io.geofusion.locate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.formats.Measurement;
import io.geofusion.formats.PingMeasurement;
import io.geofusion.formats.SourceFormat;
import io.geofusion.formats.TraceMeasurement;
import io.geofusion.formats.VantagePositions;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;
import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import io.geofusion.path.TracePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link EvidenceAssembler}: vantage identity, one observation per vantage, the local-delay
 * clamp, first-met order, and the counts of records it leaves out.
 */
class EvidenceAssemblerTest {

  static final LatLon FRANKFURT = LatLon.of(50.11, 8.68);
  static final LatLon LONDON = LatLon.of(51.51, -0.13);
  static final LatLon NEW_YORK = LatLon.of(40.71, -74.01);
  static final LatLon MADRID = LatLon.of(40.42, -3.70);

  static final VantagePositions POSITIONS = VantagePositions.of(Map.of("6001", FRANKFURT,
      "atlas-probe:6002", LONDON, "192.0.2.3", NEW_YORK));

  private static PingMeasurement ping(String vantageId, String source, String target,
      double... rttsMs) {
    return new PingMeasurement(SourceFormat.RIPE_ATLAS_JSON, 1, vantageId, source, target, null,
        null, "ICMP", 48, rttsMs.length, rttsMs, 0, null);
  }

  private static TraceMeasurement trace(String vantageId, String source, String destination,
      Hop... hops) {
    return new TraceMeasurement(SourceFormat.RIPE_ATLAS_JSON, 1,
        new TracePath(source, destination, List.of(hops)), vantageId, null, null, "UDP", 48);
  }

  private static EvidenceAssembler placed() {
    return EvidenceAssembler.builder().positions(POSITIONS).build();
  }

  private static RecordedEvidence assemble(EvidenceAssembler a, Measurement... records) {
    return a.assemble(List.of(records));
  }

  @Test
  void assemble_sameVantageTwice_keepsItsSmallestRttAndTheSmallestJitter() {
    RecordedEvidence e = assemble(placed(),
        ping("atlas-probe:6001", null, "203.0.113.7", 20.0, 24.0, 22.0),
        ping("atlas-probe:6001", null, "203.0.113.7", 18.0, 18.5, 18.2),
        ping("atlas-probe:6002", null, "203.0.113.7", 30.0, 40.0));

    TargetEvidence t = e.targets().get(0);
    assertThat(t.vantages()).extracting(VantageObservation::id)
        .containsExactly("atlas-probe:6001", "atlas-probe:6002");
    assertThat(t.vantages().get(0).minRttMs()).isEqualTo(18.0);
    assertThat(t.minRttMs()).isEqualTo(18.0);
    assertThat(t.jitterMs()).isEqualTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(t.facts()).isEqualTo(HostLocator.Facts.of(18.0, t.jitterMs()));
  }

  @Test
  void assemble_localDelayAboveTheRtt_clampedToTheRtt() {
    EvidenceAssembler a = EvidenceAssembler.builder().positions(POSITIONS).localDelayMs(15.0)
        .build();

    RecordedEvidence e = assemble(a, ping("atlas-probe:6001", null, "203.0.113.7", 9.0),
        ping("atlas-probe:6002", null, "203.0.113.7", 40.0));

    List<VantageObservation> vs = e.targets().get(0).vantages();
    assertThat(vs.get(0).localDelayMs()).isEqualTo(9.0);
    assertThat(vs.get(1).localDelayMs()).isEqualTo(15.0);
  }

  @Test
  void assemble_vantageIdentity_byIdProbeIdOrSource() {
    RecordedEvidence e = assemble(placed(),
        ping("atlas-probe:6001", "198.51.100.1", "203.0.113.7", 10.0),
        ping("atlas-probe:6002", null, "203.0.113.7", 11.0),
        ping("atlas-probe:6003", "192.0.2.3", "203.0.113.7", 12.0),
        ping(null, "192.0.2.3", "203.0.113.8", 13.0));

    assertThat(e.targets().get(0).vantages()).extracting(VantageObservation::location)
        .containsExactly(FRANKFURT, LONDON, NEW_YORK);
    assertThat(e.targets().get(1).vantages()).extracting(VantageObservation::id)
        .containsExactly("192.0.2.3");
    assertThat(e.unplacedRecords()).isZero();
  }

  @Test
  void assemble_unknownVantageWithoutFallback_countedAsUnplaced() {
    RecordedEvidence e = assemble(placed(), ping("atlas-probe:9999", null, "203.0.113.7", 10.0),
        ping("atlas-probe:6001", null, "203.0.113.7", 12.0),
        ping(null, null, "203.0.113.8", 5.0));

    assertThat(e.unplacedRecords()).isEqualTo(2);
    assertThat(e.targets()).extracting(TargetEvidence::target).containsExactly("203.0.113.7");
    assertThat(e.fallbackVantages()).isZero();
  }

  @Test
  void assemble_fallback_placesUnknownVantagesAndCountsThemOnce() {
    EvidenceAssembler a = EvidenceAssembler.builder().positions(POSITIONS).fallback(MADRID)
        .build();

    RecordedEvidence e = assemble(a, ping("atlas-probe:9998", null, "203.0.113.7", 10.0),
        ping("atlas-probe:9998", null, "203.0.113.8", 11.0),
        ping("atlas-probe:9999", null, "203.0.113.7", 12.0),
        ping("atlas-probe:6001", null, "203.0.113.7", 13.0),
        ping(null, null, "203.0.113.9", 5.0));

    assertThat(e.unplacedRecords()).isZero();
    assertThat(e.fallbackVantages()).isEqualTo(3); // 9998, 9999 and the unnamed one
    assertThat(e.targets().get(0).vantages()).extracting(VantageObservation::location)
        .containsExactly(MADRID, MADRID, FRANKFURT);
    assertThat(e.targets().get(2).vantages().get(0).id())
        .isEqualTo(EvidenceAssembler.UNNAMED_VANTAGE);
  }

  @Test
  void assemble_traces_destinationsOwnRttCountsUnnamedTracesAreCounted() {
    Hop router = new Hop(1, List.of(HopReply.of("198.51.100.1", 2.0)));
    Hop dest = new Hop(2, List.of(HopReply.of("203.0.113.7", 9.5),
        HopReply.of("203.0.113.7", 9.1)));
    RecordedEvidence e = assemble(placed(),
        trace("atlas-probe:6001", null, "203.0.113.7", router, dest),
        trace("atlas-probe:6002", null, "203.0.113.9", router), // never answered: skipped
        trace("atlas-probe:6001", null, null, router, dest),
        trace("atlas-probe:9999", null, null, router));

    assertThat(e.unnamedTraces()).isEqualTo(2);
    assertThat(e.unplacedRecords()).isZero();
    assertThat(e.targets()).singleElement().satisfies(t -> {
      assertThat(t.target()).isEqualTo("203.0.113.7");
      assertThat(t.minRttMs()).isEqualTo(9.1);
      assertThat(t.jitterMs()).isNaN();
    });
  }

  @Test
  void assemble_hopTargets_everyPublicResponderWithItsSmallestRttPerVantage() {
    Hop lan = new Hop(1, List.of(HopReply.of("10.0.0.1", 0.4), HopReply.of("100.64.0.1", 0.9)));
    Hop ix = new Hop(2, List.of(HopReply.of("80.249.208.1", 4.0),
        HopReply.of("80.249.208.1", 3.5), HopReply.timeout()));
    Hop again = new Hop(3, List.of(HopReply.of("80.249.208.1", 3.1)));
    Hop dest = new Hop(4, List.of(HopReply.of("193.0.14.129", 9.0)));
    EvidenceAssembler a = EvidenceAssembler.builder().positions(POSITIONS).hopTargets(true)
        .build();
    RecordedEvidence e = assemble(a,
        trace("atlas-probe:6001", null, "193.0.14.129", lan, ix, again, dest),
        trace("atlas-probe:6002", null, null, ix), // unnamed: its hops still count
        trace("atlas-probe:9999", null, "193.0.14.129", ix)); // unplaced

    assertThat(e.unnamedTraces()).isZero();
    assertThat(e.unplacedRecords()).isEqualTo(1);
    assertThat(e.targets()).extracting(TargetEvidence::target)
        .containsExactly("80.249.208.1", "193.0.14.129"); // private and CGNAT hops left out
    TargetEvidence hop = e.targets().get(0);
    assertThat(hop.vantages()).extracting(VantageObservation::id)
        .containsExactly("atlas-probe:6001", "atlas-probe:6002");
    assertThat(hop.vantages()).extracting(VantageObservation::minRttMs)
        .containsExactly(3.1, 3.5);
  }

  @Test
  void samples_perRecord_groupedByAssembleSamplesEqualAssemble() {
    Hop ix = new Hop(1, List.of(HopReply.of("80.249.208.1", 4.0)));
    Hop dest = new Hop(2, List.of(HopReply.of("193.0.14.129", 9.0)));
    EvidenceAssembler a = EvidenceAssembler.builder().positions(POSITIONS).hopTargets(true)
        .build();
    List<Measurement> records = List.of(trace("atlas-probe:6001", null, "193.0.14.129", ix,
        dest), ping("atlas-probe:6002", null, "193.0.14.129", 12.0, 11.0),
        trace("atlas-probe:6002", null, "193.0.14.129", ix, dest),
        ping("atlas-probe:9999", null, "193.0.14.129", 1.0));
    List<EvidenceAssembler.Sample> samples = new ArrayList<>();
    records.forEach(m -> samples.addAll(a.samples(m)));

    assertThat(samples).hasSize(5);
    assertThat(a.assembleSamples(samples)).isEqualTo(a.assemble(records).targets());
  }

  @Test
  void assemble_targetsAndVantages_inFirstMetOrder() {
    RecordedEvidence e = assemble(placed(), ping("atlas-probe:6002", null, "203.0.113.9", 30.0),
        ping("atlas-probe:6001", null, "203.0.113.7", 10.0),
        ping("atlas-probe:6001", null, "203.0.113.9", 20.0),
        ping("atlas-probe:6002", null, "203.0.113.9", 25.0));

    assertThat(e.targets()).extracting(TargetEvidence::target)
        .containsExactly("203.0.113.9", "203.0.113.7");
    assertThat(e.targets().get(0).vantages()).extracting(VantageObservation::id)
        .containsExactly("atlas-probe:6002", "atlas-probe:6001");
    assertThat(e.targets().get(0).vantages().get(0).minRttMs()).isEqualTo(25.0);
  }

  @Test
  void assemble_pingWithoutReply_leftOutWithoutCounting() {
    RecordedEvidence e = assemble(placed(),
        ping("atlas-probe:9999", null, "203.0.113.7", Double.NaN, Double.NaN));

    assertThat(e.targets()).isEmpty();
    assertThat(e.unplacedRecords()).isZero();
  }

  @Test
  void assembleSamples_oneObservationPerVantageClampedInOrder() {
    EvidenceAssembler a = EvidenceAssembler.builder().localDelayMs(5.0).build();

    List<TargetEvidence> ts = a.assembleSamples(List.of(
        new EvidenceAssembler.Sample("192.0.2.9", "capture:a", FRANKFURT, 3.0, Double.NaN),
        new EvidenceAssembler.Sample("192.0.2.8", "capture:a", FRANKFURT, 12.0, 1.5),
        new EvidenceAssembler.Sample("192.0.2.9", "capture:a", FRANKFURT, 4.0, 0.7)));

    assertThat(ts).extracting(TargetEvidence::target).containsExactly("192.0.2.9", "192.0.2.8");
    VantageObservation v = ts.get(0).vantages().get(0);
    assertThat(ts.get(0).vantages()).hasSize(1);
    assertThat(v.minRttMs()).isEqualTo(3.0);
    assertThat(v.localDelayMs()).isEqualTo(3.0);
    assertThat(ts.get(0).jitterMs()).isEqualTo(0.7);
    assertThat(ts.get(1).vantages().get(0).localDelayMs()).isEqualTo(5.0);
  }

  @Test
  void observation_delayAboveRtt_clamped() {
    assertThat(EvidenceAssembler.observation("v", FRANKFURT, 4.0, 10.0).localDelayMs())
        .isEqualTo(4.0);
    assertThat(EvidenceAssembler.observation("v", FRANKFURT, 40.0, 10.0).localDelayMs())
        .isEqualTo(10.0);
  }

  @Test
  void builder_badLocalDelay_rejectedWithTheValue() {
    assertThatThrownBy(() -> EvidenceAssembler.builder().localDelayMs(-1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("local delay must be finite and >= 0 ms, got -1.0");
    assertThatThrownBy(() -> EvidenceAssembler.builder().localDelayMs(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
  }
}
