package io.geofusion.path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.rtt.DistanceModel;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads the golden scenarios of src/test/resources/scenarios/path (format in its README). */
final class Scenarios {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Scenarios() {}

  static Path folder(String sub) {
    URL url = Scenarios.class.getResource("/scenarios/path/" + sub);
    if (url == null) {
      throw new IllegalStateException("scenario folder scenarios/path/" + sub + " is not on the test class path");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Path> files(String sub) throws IOException {
    try (Stream<Path> s = Files.list(folder(sub))) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  static JsonNode read(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  static HopAnalyzer analyzer(JsonNode scenario) {
    HopAnalyzer.Builder b = HopAnalyzer.builder();
    JsonNode a = scenario.path("analyzer");
    if (a.has("spike_tolerance")) {
      b.spikeTolerance(a.get("spike_tolerance").get(0).asDouble(),
          a.get("spike_tolerance").get(1).asDouble());
    }
    if (a.has("monotonic_tolerance")) {
      b.monotonicTolerance(a.get("monotonic_tolerance").get(0).asDouble(),
          a.get("monotonic_tolerance").get(1).asDouble());
    }
    if (a.has("geographic_jump_km")) {
      b.geographicJumpKm(a.get("geographic_jump_km").asDouble());
    }
    if (a.has("distance_model")) {
      b.distanceModel(DistanceModel.byName(a.get("distance_model").asText()));
    }
    if (a.has("local_delay_ms")) {
      b.localDelayMs(a.get("local_delay_ms").asDouble());
    }
    return b.build();
  }

  static TracePath trace(JsonNode scenario) {
    JsonNode t = scenario.get("trace");
    List<Hop> hops = new ArrayList<>();
    for (JsonNode h : t.get("hops")) {
      List<HopReply> replies = new ArrayList<>();
      for (JsonNode r : h.get("replies")) {
        replies.add(reply(r));
      }
      hops.add(new Hop(h.get("ttl").asInt(), replies));
    }
    return new TracePath(t.path("source").isTextual() ? t.get("source").asText() : null,
        t.get("destination").asText(), hops);
  }

  private static HopReply reply(JsonNode r) {
    if (r.isTextual() && r.asText().equals("*")) {
      return HopReply.timeout();
    }
    if (r.isArray()) {
      return HopReply.of(r.get(0).asText(), r.get(1).asDouble());
    }
    List<MplsLabel> mpls = new ArrayList<>();
    for (JsonNode m : r.path("mpls")) {
      mpls.add(new MplsLabel(m.get("label").asInt(), m.get("tc").asInt(), m.get("s").asBoolean(),
          m.get("ttl").asInt()));
    }
    String address = r.path("address").isTextual() ? r.get("address").asText() : null;
    double rtt = r.path("rtt_ms").isNumber() ? r.get("rtt_ms").asDouble() : Double.NaN;
    String flag = r.path("flag").isTextual() ? r.get("flag").asText() : null;
    return new HopReply(address, rtt, mpls, flag);
  }
}
