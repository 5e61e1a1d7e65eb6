package io.geofusion.geoip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IpNetworkTest {

  @Test
  void parse_ipv4AndIpv6() {
    IpNetwork a = IpNetwork.parse("81.2.69.128/26");
    assertThat(a.prefixLength()).isEqualTo(26);
    assertThat(a.isIpv4()).isTrue();
    assertThat(a.contains(IpNetwork.parseAddress("81.2.69.142"))).isTrue();
    assertThat(a.contains(IpNetwork.parseAddress("81.2.69.64"))).isFalse();
    assertThat(a.toString()).isEqualTo("81.2.69.128/26");
    IpNetwork b = IpNetwork.parse("2001:db8::/32");
    assertThat(b.isIpv4()).isFalse();
    assertThat(b.contains(IpNetwork.parseAddress("2001:db8:ffff::1"))).isTrue();
    assertThat(b.contains(IpNetwork.parseAddress("81.2.69.142"))).isFalse();
    assertThat(IpNetwork.parse("192.0.2.1").prefixLength()).isEqualTo(32);
    assertThat(IpNetwork.parse("0.0.0.0/0").contains(IpNetwork.parseAddress("8.8.8.8"))).isTrue();
  }

  @Test
  void parse_hostBitsSetIsRejectedWithSuggestion() {
    assertThatThrownBy(() -> IpNetwork.parse("10.0.0.5/8"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.0.0.0/8");
  }

  @Test
  void parse_neverResolvesNames() {
    for (String bad : new String[] {"localhost", "example.com/24", "abc", "1.2.3", "1:2:3",
        "g::1", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "::/129"}) {
      assertThatThrownBy(() -> IpNetwork.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void containing_masksHostBits() {
    assertThat(IpNetwork.containing(IpNetwork.parseAddress("10.1.2.3"), 12))
        .isEqualTo(IpNetwork.parse("10.0.0.0/12"));
    assertThat(IpNetwork.containing(IpNetwork.parseAddress("2001:db8:abcd::1"), 36))
        .isEqualTo(IpNetwork.parse("2001:db8:a000::/36"));
  }
}
