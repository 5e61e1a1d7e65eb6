package io.geofusion.asn;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;

/**
 * Fuzzes the ASN table reader: any input either yields a valid table or an
 * {@link InvalidAsnTableException} naming the source; nothing else escapes. Without
 * {@code JAZZER_FUZZ=1} only the stored seeds run.
 */
class AsnTableReaderFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void read_anyBytes_givesTableOrNamedError(byte[] data) {
    try {
      AsnTableReader.Table t = AsnTableReader.read(new ByteArrayInputStream(data), "fuzz.json");
      for (AsnTableReader.Entry e : t.profiles().values()) {
        assertThat(e.asn()).isBetween(0L, AsnProfile.MAX_ASN);
        assertThat(Double.isNaN(e.routeStretch()) || e.routeStretch() >= 1.0).isTrue();
        assertThat(e.name()).isNotBlank();
      }
      t.typeDefaults().values().forEach(s -> assertThat(s).isBetween(1.0, AsnProfile.MAX_STRETCH));
    } catch (InvalidAsnTableException e) {
      assertThat(e.getMessage()).startsWith("fuzz.json: ");
      assertThat(e.source()).isEqualTo("fuzz.json");
    }
  }
}
