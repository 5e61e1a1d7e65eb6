package io.geofusion.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One shared analyzer used by many threads gives every thread the same, complete answer. */
class CaptureAnalyzerConcurrencyTest {

  @Test
  void analyze_sharedAcrossThreads_sameSummaryEverywhere() throws Exception {
    byte[] capture = CaptureIngestTest.capture();
    CaptureAnalyzer shared = CaptureAnalyzer.builder().hashContent(true).retainFlows(true)
        .build();
    CaptureSummary expected = shared.analyze(new ByteArrayInputStream(capture), "c.pcap", null);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<CaptureSummary>> results = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        results.add(pool.submit(
            () -> shared.analyze(new ByteArrayInputStream(capture), "c.pcap", null)));
      }
      for (Future<CaptureSummary> f : results) {
        CaptureSummary s = f.get(60, TimeUnit.SECONDS);
        assertThat(s).isEqualTo(expected); // record equality: NaN equals NaN
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
