package io.geofusion.probe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressTextTest {

  @Test
  void of_ipv6_usesRfc5952CanonicalForm() throws Exception {
    // RFC 5952 §4.2.1–4.2.3 and §4.3 examples.
    assertThat(AddressText.of(InetAddress.getByName("2001:0db8:0:0:0:0:0:1")))
        .isEqualTo("2001:db8::1");
    assertThat(AddressText.of(InetAddress.getByName("2001:db8:0:0:1:0:0:1")))
        .isEqualTo("2001:db8::1:0:0:1");
    assertThat(AddressText.of(InetAddress.getByName("2001:db8:0:1:1:1:1:1")))
        .isEqualTo("2001:db8:0:1:1:1:1:1");
    assertThat(AddressText.of(InetAddress.getByName("2001:DB8::AAAA"))).isEqualTo("2001:db8::aaaa");
    assertThat(AddressText.of(InetAddress.getByName("::"))).isEqualTo("::");
    assertThat(AddressText.of(InetAddress.getByName("::1"))).isEqualTo("::1");
    assertThat(AddressText.of(InetAddress.getByName("fe80::"))).isEqualTo("fe80::");
  }

  @Test
  void canonical_nonLiteral_isReturnedUnchangedWithoutLookup() {
    assertThat(AddressText.canonical("example.invalid")).isEqualTo("example.invalid");
    assertThat(AddressText.canonical("198.18.0.1")).isEqualTo("198.18.0.1");
    assertThat(AddressText.canonical("2001:DB8:0::1")).isEqualTo("2001:db8::1");
  }
}
