package io.geofusion.path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Test-only reader of the few RIPE Atlas traceroute fields hop analysis needs (the product's
 * reader lives in {@code io.geofusion.formats}). Late and duplicate replies are skipped, as they
 * answer an earlier probe; hop-level errors become a hop with no replies.
 */
final class RipeAtlasTraceFixture {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RipeAtlasTraceFixture() {}

  /** Streams every traceroute of a JSON Lines file (gzip when the name ends in .gz). */
  static void forEach(Path file, Consumer<TracePath> sink) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          sink.accept(toTrace(JSON.readTree(line)));
        }
      }
    }
  }

  static TracePath toTrace(JsonNode m) {
    List<Hop> hops = new ArrayList<>();
    for (JsonNode h : m.path("result")) {
      List<HopReply> replies = new ArrayList<>();
      for (JsonNode rep : h.path("result")) {
        if (rep.has("late") || rep.path("dup").asBoolean(false)) {
          continue;
        }
        if (rep.has("x") || !rep.has("from")) {
          replies.add(HopReply.timeout());
          continue;
        }
        List<MplsLabel> mpls = new ArrayList<>();
        for (JsonNode obj : rep.path("icmpext").path("obj")) {
          for (JsonNode l : obj.path("mpls")) {
            mpls.add(new MplsLabel(l.get("label").asInt(), l.path("exp").asInt(),
                l.path("s").asInt() == 1, l.path("ttl").asInt()));
          }
        }
        double rtt = rep.path("rtt").isNumber() ? rep.get("rtt").asDouble() : Double.NaN;
        String flag = rep.has("err") ? "!" + rep.get("err").asText() : null;
        replies.add(new HopReply(rep.get("from").asText(), rtt, mpls, flag));
      }
      hops.add(new Hop(h.get("hop").asInt(), replies));
    }
    return new TracePath(m.path("prb_id").asText(null), m.get("dst_addr").asText(), hops);
  }
}
