package io.geofusion.probe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import io.geofusion.path.MplsLabel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** scamper 20211212 {@code -O json} trace objects (field names as scamper prints them). */
class ScamperJsonTest {

  @Test
  void traceHops_missingAttemptsAreTimeoutsAndMplsIsRead() throws Exception {
    String json = """
        {"type":"trace","version":"0.1","method":"udp-paris","src":"198.18.0.1",
         "dst":"198.18.9.9","stop_reason":"COMPLETED","firsthop":1,"attempts":2,
         "hops":[
          {"addr":"198.18.1.1","probe_ttl":1,"probe_id":1,"rtt":1.021,"icmp_type":11,
           "icmp_code":0},
          {"addr":"198.18.1.1","probe_ttl":1,"probe_id":2,"rtt":1.004,"icmp_type":11,
           "icmp_code":0},
          {"addr":"198.18.3.1","probe_ttl":3,"probe_id":2,"rtt":35.5,"icmp_type":11,
           "icmp_code":0,"icmpext":[{"ie_cn":1,"ie_ct":1,"ie_dl":4,
           "mpls_labels":[{"mpls_ttl":1,"mpls_s":1,"mpls_exp":0,"mpls_label":24001}]}]},
          {"addr":"198.18.9.9","probe_ttl":4,"probe_id":1,"rtt":39.2,"icmp_type":3,
           "icmp_code":3},
          {"addr":"198.18.9.9","probe_ttl":4,"probe_id":2,"rtt":39.1,"icmp_type":3,
           "icmp_code":1}
         ]}
        """;
    List<Hop> hops = ScamperProber.traceHops(new ObjectMapper().readTree(json), 1, 2, false);
    assertThat(hops).extracting(Hop::ttl).containsExactly(1, 2, 3, 4);
    assertThat(hops.get(0).replies()).containsExactly(HopReply.of("198.18.1.1", 1.021),
        HopReply.of("198.18.1.1", 1.004));
    assertThat(hops.get(1).replies()).noneMatch(HopReply::answered);
    assertThat(hops.get(2).replies().get(0).answered()).isFalse();
    assertThat(hops.get(2).replies().get(1).mpls())
        .containsExactly(new MplsLabel(24001, 0, true, 1));
    assertThat(hops.get(3).replies()).extracting(HopReply::flag).containsExactly(null, "!H");
  }

  @Test
  void traceHops_ipv6TimeExceeded_isNotMistakenForUnreachable() throws Exception {
    String json = """
        {"type":"trace","hops":[{"addr":"2001:db8:1:0::1","probe_ttl":1,"probe_id":1,
         "rtt":2.0,"icmp_type":3,"icmp_code":0}]}
        """;
    List<Hop> hops = ScamperProber.traceHops(new ObjectMapper().readTree(json), 1, 1, true);
    assertThat(hops.get(0).replies()).containsExactly(HopReply.of("2001:db8:1::1", 2.0));
  }
}
