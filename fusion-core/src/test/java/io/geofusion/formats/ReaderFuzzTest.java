package io.geofusion.formats;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Jazzer fuzz target for {@link MeasurementReader}: any bytes either read (problems reported) or
 * fail with an {@link IOException}; nothing else may escape. Normal test runs replay the seed
 * inputs under {@code ReaderFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes for 30 s.
 */
class ReaderFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void read_fuzzedBytes_neverThrowUnexpectedly(byte[] data) {
    try {
      ReaderRobustnessTest.readAll(data);
    } catch (IOException expected) {
      // typed failure: fine
    }
  }
}
