package io.geofusion.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Fuzzes the literal parser. Without {@code JAZZER_FUZZ=1} this runs the stored seeds only (a
 * regression test); with it, Jazzer mutates inputs for {@code maxDuration}.
 */
class IpAddressesFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void parse_anyText_eitherParsesCanonicallyOrFailsWithMessage(byte[] data) {
    String text = new String(data, java.nio.charset.StandardCharsets.UTF_8);
    Optional<InetAddress> got = IpAddresses.tryParse(text);
    assertThat(IpAddresses.isLiteral(text)).isEqualTo(got.isPresent());
    if (got.isEmpty()) {
      try {
        IpAddresses.parseIgnoringZone(text);
        throw new AssertionError("tryParse rejected but parse accepted: " + text);
      } catch (IllegalArgumentException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
      return;
    }
    InetAddress a = got.get();
    String canonical = IpAddresses.canonical(text).orElseThrow();
    assertThat(IpAddresses.parse(canonical)).isEqualTo(a);
    assertThat(IpAddresses.canonical(canonical)).contains(canonical);
    assertThat(AddressClass.of(text)).isEqualTo(AddressClass.of(a));
  }
}
