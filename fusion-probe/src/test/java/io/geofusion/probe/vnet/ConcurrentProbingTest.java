package io.geofusion.probe.vnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
      for (Object r : results) {
        if (r instanceof PingResult p) {
          assertThat(p.envelope().received()).as("%s", p).isEqualTo(5);
          assertThat(p.responders()).containsOnly("198.18.9.9");
          assertThat(p.envelope().minMs()).isCloseTo(s.destinationRttMs(), within(5.0));
        } else {
          TraceResult t = (TraceResult) r;
          assertThat(t.reachedDestination()).isTrue();
          assertThat(t.path().hops()).hasSize(5);
          assertThat(t.path().hops()).allSatisfy(h -> assertThat(h.replies())
              .allSatisfy(x -> assertThat(x.answered()).isTrue()));
        }
      }
    }
  }
}
