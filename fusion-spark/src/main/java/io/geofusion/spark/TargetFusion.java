package io.geofusion.spark;

import io.geofusion.fusion.FusionAlert;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.MixtureComponent;
import io.geofusion.fusion.eval.EvalJson;
import io.geofusion.fusion.eval.GroundTruthTarget;
import io.geofusion.geo.LatLon;
import io.geofusion.json.FusionJson;
import io.geofusion.locate.EvidenceAssembler;
import io.geofusion.locate.TargetEvidence;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One target's samples → its evidence ({@link EvidenceAssembler#assembleSamples}: one
 * observation per vantage, the smallest RTT kept) → the fusion result, as a
 * {@link Schemas#RESULT} row. Vantages are ordered by id, so the result does not depend on how
 * Spark partitioned the input. Fuses exactly what {@code geofusion triangulate} fuses for the
 * evidence line written beside it ({@link GroundTruthTarget#input()}), with the default engine.
 */
final class TargetFusion implements FlatMapGroupsFunction<String, Row, Row> {

  private static final long serialVersionUID = 1L;

  private final JobCounters counters;

  TargetFusion(JobCounters counters) {
    this.counters = counters;
  }

  @Override
  public Iterator<Row> call(String target, Iterator<Row> samples) {
    // One sample per vantage kept while reading (the smallest RTT): memory per target is
    // bounded by its distinct vantages, not by how many records saw it.
    Map<String, EvidenceAssembler.Sample> byVantage = new TreeMap<>();
    while (samples.hasNext()) {
      Row r = samples.next();
      EvidenceAssembler.Sample s = new EvidenceAssembler.Sample(target, r.getString(1),
          new LatLon(r.getDouble(2), r.getDouble(3)), r.getDouble(4), r.getDouble(5));
      byVantage.merge(s.vantageId(), s, (a, b) -> a.minRttMs() <= b.minRttMs() ? a : b);
    }
    TargetEvidence evidence = Engines.ASSEMBLER.assembleSamples(byVantage.values()).get(0);
    GroundTruthTarget t = new GroundTruthTarget(target, null, evidence.vantages(), null);
    FusionResult result = Engines.ENGINE.fuse(t.input());
    counters.targets().add(1);
    if (result instanceof FusionResult.Located) {
      counters.located().add(1);
    }
    return List.of(row(result, evidence, EvalJson.targetLine(t))).iterator();
  }

  private static Row row(FusionResult result, TargetEvidence evidence, String evidenceLine) {
    List<String> alerts = new ArrayList<>();
    for (FusionAlert a : result.alerts()) {
      alerts.add(a.type().jsonName());
    }
    List<Row> mixture = new ArrayList<>();
    Double lat = null;
    Double lon = null;
    Double r50 = null;
    Double r90 = null;
    if (result instanceof FusionResult.Located l) {
      lat = l.estimate().lat();
      lon = l.estimate().lon();
      r50 = l.circle50().radiusKm();
      r90 = l.circle90().radiusKm();
      for (MixtureComponent c : l.distribution().components()) {
        mixture.add(RowFactory.create(c.mean().lat(), c.mean().lon(), c.weight(),
            nullIfNaN(c.covEastEastKm2()), nullIfNaN(c.covEastNorthKm2()),
            nullIfNaN(c.covNorthNorthKm2())));
      }
    }
    return RowFactory.create(result.entity(), !(result instanceof FusionResult.Located), lat,
        lon, r50, r90, result.hostClass().label().jsonName(),
        CollectionConverters.asScala(alerts), evidence.vantages().size(),
        nullIfNaN(evidence.minRttMs()), CollectionConverters.asScala(mixture),
        FusionJson.ndjsonLine(result), evidenceLine);
  }

  private static Double nullIfNaN(double v) {
    return Double.isNaN(v) ? null : v;
  }

  /**
   * What every task on an executor shares, built once per executor JVM on first use: the engine
   * is immutable and thread-safe (its population prior takes 0.1–1 s to build, too long to
   * repeat per task), and the assembler only groups placed samples.
   */
  static final class Engines {
    static final FusionEngine ENGINE = FusionEngine.create();
    static final EvidenceAssembler ASSEMBLER = EvidenceAssembler.builder().build();

    private Engines() {}
  }
}
