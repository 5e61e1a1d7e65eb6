package io.geofusion.formats;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import io.geofusion.path.MplsLabel;
import io.geofusion.testing.Seeds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seeded random measurements written in a tool's format by the test, read back: what comes out
 * must be what went in (seed printed on failure).
 */
@ExtendWith(Seeds.class)
class ReaderRoundTripRandomTest {

  private static String addr(SplittableRandom r) {
    return r.nextBoolean()
        ? "198.51." + r.nextInt(256) + "." + r.nextInt(256)
        : String.format(Locale.ROOT, "2001:db8:%x::%x", r.nextInt(0x10000), 1 + r.nextInt(0xfffe));
  }

  /** RTTs with 3 decimals, as the tools print them. */
  private static double rtt(SplittableRandom r) {
    return Math.round(r.nextDouble(0.05, 400) * 1000) / 1000.0;
  }

  private static List<Hop> randomHops(SplittableRandom r, boolean mpls) {
    List<Hop> hops = new ArrayList<>();
    int ttl = 0;
    int n = 1 + r.nextInt(30);
    for (int i = 0; i < n; i++) {
      ttl += 1 + (r.nextInt(10) == 0 ? r.nextInt(3) : 0);
      if (ttl > 255) {
        break;
      }
      int probes = 1 + r.nextInt(4);
      List<HopReply> replies = new ArrayList<>();
      String who = addr(r);
      for (int k = 0; k < probes; k++) {
        if (r.nextInt(5) == 0) {
          replies.add(HopReply.timeout());
        } else {
          if (r.nextInt(6) == 0) {
            who = addr(r);
          }
          List<MplsLabel> labels = mpls && r.nextInt(4) == 0
              ? List.of(new MplsLabel(r.nextInt(0x100000), r.nextInt(8), true, 1 + r.nextInt(254)))
              : List.of();
          String flag = r.nextInt(8) == 0 ? "!H" : null;
          replies.add(new HopReply(who, rtt(r), labels, flag));
        }
      }
      hops.add(new Hop(ttl, replies));
    }
    return hops;
  }

  private static List<Measurement> read(String text) throws IOException {
    List<Measurement> out = new ArrayList<>();
    List<RecordProblem> problems = new ArrayList<>();
    try (MeasurementReader reader = MeasurementReader.open(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "generated",
        problems::add)) {
      reader.forEach(out::add);
    }
    assertThat(problems).isEmpty();
    return out;
  }

  @Test
  void ripeAtlasTraceroute_writtenAndRead_isUnchanged() throws IOException {
    long seed = Seeds.seed();
    SplittableRandom r = new SplittableRandom(seed);
    try {
      for (int round = 0; round < 200; round++) {
        List<Hop> hops = randomHops(r, true);
        String dst = addr(r);
        StringBuilder sb = new StringBuilder();
        sb.append("{\"fw\":4790,\"type\":\"traceroute\",\"prb_id\":").append(round)
            .append(",\"msm_id\":1,\"from\":\"192.0.2.1\",\"dst_addr\":\"").append(dst)
            .append("\",\"proto\":\"ICMP\",\"timestamp\":1600000000,\"result\":[");
        for (int h = 0; h < hops.size(); h++) {
          sb.append(h > 0 ? "," : "").append("{\"hop\":").append(hops.get(h).ttl())
              .append(",\"result\":[");
          List<HopReply> rs = hops.get(h).replies();
          for (int k = 0; k < rs.size(); k++) {
            HopReply x = rs.get(k);
            sb.append(k > 0 ? "," : "");
            if (!x.answered()) {
              sb.append("{\"x\":\"*\"}");
              continue;
            }
            sb.append("{\"from\":\"").append(x.address()).append("\",\"rtt\":").append(x.rttMs());
            if (x.flag() != null) {
              sb.append(",\"err\":\"H\"");
            }
            if (!x.mpls().isEmpty()) {
              MplsLabel l = x.mpls().get(0);
              sb.append(",\"icmpext\":{\"version\":2,\"rfc4884\":0,\"obj\":[{\"class\":1,")
                  .append("\"type\":1,\"mpls\":[{\"exp\":").append(l.trafficClass())
                  .append(",\"label\":").append(l.label()).append(",\"s\":1,\"ttl\":")
                  .append(l.ttl()).append("}]}]}");
            }
            sb.append(",\"size\":28,\"ttl\":250}");
          }
          sb.append("]}");
        }
        sb.append("]}\n");
        List<Measurement> got = read(sb.toString());
        assertThat(got).hasSize(1);
        TraceMeasurement t = (TraceMeasurement) got.get(0);
        assertThat(t.path().destination()).isEqualTo(dst);
        assertThat(t.path().hops()).isEqualTo(hops);
      }
    } catch (AssertionError e) {
      throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
    }
  }

  @Test
  void tracerouteText_writtenAndRead_isUnchanged() throws IOException {
    long seed = Seeds.seed();
    SplittableRandom r = new SplittableRandom(seed);
    try {
      for (int round = 0; round < 200; round++) {
        List<Hop> hops = randomHops(r, false);
        String dst = addr(r);
        boolean numeric = r.nextBoolean();
        StringBuilder sb = new StringBuilder();
        sb.append("traceroute to host.example (").append(dst).append("), 30 hops max, 60 byte")
            .append(" packets\n");
        for (Hop h : hops) {
          sb.append(String.format(Locale.ROOT, "%2d ", h.ttl()));
          String current = null;
          for (HopReply x : h.replies()) {
            if (!x.answered()) {
              sb.append(" *");
              continue;
            }
            if (!x.address().equals(current)) {
              current = x.address();
              sb.append(numeric ? " " + current : " r" + current.hashCode() + ".example ("
                  + current + ")");
            }
            sb.append(String.format(Locale.ROOT, "  %.3f ms", x.rttMs()));
            if (x.flag() != null) {
              sb.append(" ").append(x.flag());
            }
          }
          sb.append('\n');
        }
        List<Measurement> got = read(sb.toString());
        assertThat(got).hasSize(1);
        TraceMeasurement t = (TraceMeasurement) got.get(0);
        assertThat(t.path().destination()).isEqualTo(dst);
        assertThat(t.destinationName()).isEqualTo("host.example");
        assertThat(t.path().hops()).as("text:%n%s", sb).isEqualTo(hops);
      }
    } catch (AssertionError e) {
      throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
    }
  }

  @Test
  void pingText_writtenAndRead_keepsSendOrderAndLoss() throws IOException {
    long seed = Seeds.seed();
    SplittableRandom r = new SplittableRandom(seed);
    try {
      for (int round = 0; round < 200; round++) {
        boolean linux = r.nextBoolean();
        int base = linux ? 1 : 0;
        int sent = r.nextInt(40);
        double[] rtts = new double[sent];
        String dst = addr(r);
        StringBuilder sb = new StringBuilder(linux
            ? "PING " + dst + " (" + dst + ") 56(84) bytes of data.\n"
            : "PING " + dst + " (" + dst + "): 56 data bytes\n");
        List<String> replies = new ArrayList<>();
        int got = 0;
        for (int i = 0; i < sent; i++) {
          if (r.nextInt(5) == 0) {
            rtts[i] = Double.NaN;
            if (!linux) {
              replies.add("Request timeout for icmp_seq " + (i + base));
            }
            continue;
          }
          rtts[i] = rtt(r);
          got++;
          replies.add(String.format(Locale.ROOT, "64 bytes from %s: icmp_seq=%d ttl=57 time=%.3f ms",
              dst, i + base, rtts[i]));
        }
        // Late replies: swap a few neighbours; send order must still come from icmp_seq.
        for (int i = 1; i < replies.size(); i++) {
          if (r.nextInt(6) == 0) {
            replies.add(i - 1, replies.remove(i));
          }
        }
        replies.forEach(l -> sb.append(l).append('\n'));
        sb.append("\n--- ").append(dst).append(" ping statistics ---\n")
            .append(sent).append(" packets transmitted, ").append(got)
            .append(linux ? " received, " : " packets received, ").append("0% packet loss\n");
        List<Measurement> out = read(sb.toString());
        assertThat(out).hasSize(1);
        PingMeasurement p = (PingMeasurement) out.get(0);
        assertThat(p.target()).isEqualTo(dst);
        assertThat(p.sent()).isEqualTo(sent);
        assertThat(p.rttsMs()).as("text:%n%s", sb).containsExactly(rtts);
        assertThat(p.duplicates()).isZero();
      }
    } catch (AssertionError e) {
      throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
    }
  }
}
