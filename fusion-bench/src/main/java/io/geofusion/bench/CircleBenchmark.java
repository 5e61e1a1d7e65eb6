package io.geofusion.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.geo.GeoCircle;
import io.geofusion.geo.GeoRegion;
import io.geofusion.geo.LatLon;
import io.geofusion.json.GeoJson;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Geodesic circle polygon (72 vertices) for three shapes: an ordinary circle, one split at the
 * antimeridian (JTS clipping), and one covering the North Pole; plus GeoJSON writing of the first.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CircleBenchmark {

  @Param({"72"})
  int vertices;

  @Param({"ordinary", "antimeridian", "pole"})
  String shape;

  GeoCircle circle;

  @Setup
  public void setup() {
    circle = switch (shape) {
      case "ordinary" -> GeoCircle.of(LatLon.of(48.85, 2.35), 800);
      case "antimeridian" -> GeoCircle.of(LatLon.of(-17.7, 179.5), 800);
      case "pole" -> GeoCircle.of(LatLon.of(84, 30), 1500);
      default -> throw new IllegalArgumentException("unknown shape " + shape);
    };
  }

  @Benchmark
  public GeoRegion polygon() {
    return circle.polygon(vertices);
  }

  @Benchmark
  public ObjectNode polygonToGeoJson() {
    return GeoJson.geometry(circle.polygon(vertices));
  }
}
