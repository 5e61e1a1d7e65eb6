package io.geofusion.probe.vnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.probe.PingRequest;
import io.geofusion.probe.PingResult;
import io.geofusion.probe.Prober;
import io.geofusion.probe.TraceRequest;
import io.geofusion.probe.TraceResult;
import io.geofusion.probe.backend.Probers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One shared prober used from many threads at once: every call gets exactly its own replies
 * (raw sockets see every ICMP message the namespace receives, so matching must be exact). The
 * worker threads are started from inside the namespace and inherit it. Needs root and TUN.
 */
class ConcurrentProbingTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"native-raw", "native-dgram"})
  void pingAndTrace_sixteenConcurrentCalls_eachGetsOwnReplies(String backend) throws Exception {
    Optional<String> why = VirtualNetwork.unavailableReason();
    Assumptions.assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
    Scenario s = Scenario.load("origin-artifact");
    Prober prober = Probers.byName(backend);
    try (VirtualNetwork net = VirtualNetwork.start(s)) {
      List<Object> results = net.call(() -> {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
          List<Future<Object>> futures = new ArrayList<>();
          for (int i = 0; i < 16; i++) {
            boolean trace = i % 2 == 0;
            futures.add(pool.submit(() -> trace
                ? prober.trace(TraceRequest.builder(s.destinationAddress()).maxTtl(10)
                    .probeWait(Duration.ofSeconds(2)).build())
                : prober.ping(PingRequest.builder(s.destinationAddress()).count(5)
                    .interval(Duration.ofMillis(200)).timeout(Duration.ofSeconds(1)).build())));
          }
          List<Object> out = new ArrayList<>();
          for (Future<Object> f : futures) {
            out.add(f.get(60, TimeUnit.SECONDS));
          }
          return out;
        } finally {
          pool.shutdownNow();
        }
      });
      // A reply matched to another call's probe reads early for one of the two calls (the
      // other was sent later): so every ping's minimum is at least the configured delay less
      // 1 ms, the bound scheduling cannot break (delay only adds). Sixteen calls at once share
      // one emulator, so the upper bound is judged on the best ping, like MinRttBound.
      double best = Double.POSITIVE_INFINITY;
      for (Object r : results) {
        if (r instanceof PingResult p) {
          assertThat(p.envelope().received()).as("%s", p).isEqualTo(5);
          assertThat(p.responders()).containsOnly("198.18.9.9");
          assertThat(p.envelope().minMs()).as("min RTT of %s (delay only adds)", p)
              .isGreaterThanOrEqualTo(s.destinationRttMs() - 1.0);
          best = Math.min(best, p.envelope().minMs());
        } else {
          TraceResult t = (TraceResult) r;
          assertThat(t.reachedDestination()).isTrue();
          assertThat(t.path().hops()).hasSize(5);
          assertThat(t.path().hops()).allSatisfy(h -> assertThat(h.replies())
              .allSatisfy(x -> assertThat(x.answered()).isTrue()));
        }
      }
      assertThat(best).as("best min RTT of the concurrent pings")
          .isLessThanOrEqualTo(s.destinationRttMs() + 5.0);
    }
  }
}
