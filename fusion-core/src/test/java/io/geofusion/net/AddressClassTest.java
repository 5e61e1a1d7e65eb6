package io.geofusion.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AddressClassTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      // IPv4, with both edges of each range and the neighbours outside it
      "0.0.0.0, UNSPECIFIED",
      "0.0.0.1, THIS_NETWORK",
      "0.255.255.255, THIS_NETWORK",
      "1.0.0.0, PUBLIC",
      "9.255.255.255, PUBLIC",
      "10.0.0.0, PRIVATE",
      "10.255.255.255, PRIVATE",
      "11.0.0.0, PUBLIC",
      "100.63.255.255, PUBLIC",
      "100.64.0.0, SHARED",
      "100.127.255.255, SHARED",
      "100.128.0.0, PUBLIC",
      "126.255.255.255, PUBLIC",
      "127.0.0.1, LOOPBACK",
      "127.255.255.255, LOOPBACK",
      "128.0.0.0, PUBLIC",
      "169.253.255.255, PUBLIC",
      "169.254.0.0, LINK_LOCAL",
      "169.254.255.255, LINK_LOCAL",
      "169.255.0.0, PUBLIC",
      "172.15.255.255, PUBLIC",
      "172.16.0.0, PRIVATE",
      "172.31.255.255, PRIVATE",
      "172.32.0.0, PUBLIC",
      "192.0.0.0, RESERVED",
      "192.0.0.8, RESERVED",
      "192.0.0.9, PUBLIC",
      "192.0.0.10, PUBLIC",
      "192.0.0.255, RESERVED",
      "192.0.1.255, PUBLIC",
      "192.0.2.0, DOCUMENTATION",
      "192.0.2.255, DOCUMENTATION",
      "192.0.3.0, PUBLIC",
      "192.88.99.1, RESERVED",
      "192.167.255.255, PUBLIC",
      "192.168.0.0, PRIVATE",
      "192.168.255.255, PRIVATE",
      "192.169.0.0, PUBLIC",
      "198.17.255.255, PUBLIC",
      "198.18.0.0, BENCHMARKING",
      "198.19.255.255, BENCHMARKING",
      "198.20.0.0, PUBLIC",
      "198.51.100.7, DOCUMENTATION",
      "203.0.113.255, DOCUMENTATION",
      "203.0.114.0, PUBLIC",
      "223.255.255.255, PUBLIC",
      "224.0.0.0, MULTICAST",
      "239.255.255.255, MULTICAST",
      "240.0.0.0, RESERVED",
      "255.255.255.254, RESERVED",
      "255.255.255.255, BROADCAST",
      // IPv6
      "::, UNSPECIFIED",
      "::1, LOOPBACK",
      "::2, RESERVED",
      "::192.0.2.1, RESERVED",
      "::ffff:10.0.0.1, PRIVATE",
      "::ffff:8.8.8.8, PUBLIC",
      "64:ff9b::10.0.0.1, PRIVATE",
      "64:ff9b::8.8.8.8, PUBLIC",
      "64:ff9b:1::1, PRIVATE",
      "100::1, RESERVED",
      "100:0:0:1::, PUBLIC_OUTSIDE_2000",
      "1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED",
      "2000::, PUBLIC",
      "2001::, PUBLIC_TEREDO",
      "2001:0:4136:e378:8000:63bf:3fff:fdd2, DOCUMENTATION",
      "2001:0:4136:e378:8000:63bf:f7f7:f7f7, PUBLIC",
      "2001:1::1, PUBLIC",
      "2001:2::, BENCHMARKING",
      "2001:2:0:ffff::, BENCHMARKING",
      "2001:2:1::, PUBLIC",
      "2001:10::1, RESERVED",
      "2001:2f:ffff::1, RESERVED",
      "2001:30::1, PUBLIC",
      "2001:db7:ffff::1, PUBLIC",
      "2001:db8::, DOCUMENTATION",
      "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, DOCUMENTATION",
      "2001:db9::, PUBLIC",
      "2002:0a00:0001::1, PRIVATE",
      "2002:c000:0201::1, DOCUMENTATION",
      "2002:0808:0808::1, PUBLIC",
      "2606:4700::1111, PUBLIC",
      "3ffe:ffff::1, PUBLIC",
      "3fff::, DOCUMENTATION",
      "3fff:fff::1, DOCUMENTATION",
      "3fff:1000::, PUBLIC",
      "3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, PUBLIC",
      "4000::1, RESERVED",
      "5f00::1, RESERVED",
      "fbff:ffff::1, RESERVED",
      "fc00::, UNIQUE_LOCAL",
      "fd12:3456:789a::1, UNIQUE_LOCAL",
      "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, UNIQUE_LOCAL",
      "fe00::1, RESERVED",
      "fe7f:ffff::1, RESERVED",
      "fe80::, LINK_LOCAL",
      "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff, LINK_LOCAL",
      "fec0::1, SITE_LOCAL",
      "feff:ffff::1, SITE_LOCAL",
      "ff00::, MULTICAST",
      "ff02::1, MULTICAST",
      "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, MULTICAST"
  })
  void of_literal_givesExpectedClass(String literal, String expected) {
    AddressClass want = switch (expected) {
      case "PUBLIC_OUTSIDE_2000" -> AddressClass.RESERVED; // 100:0:0:1:: is outside 100::/64
      case "PUBLIC_TEREDO" -> AddressClass.RESERVED; // Teredo client ~0.0.0.0 = 255.255.255.255
      default -> AddressClass.valueOf(expected);
    };
    if (expected.equals("PUBLIC_TEREDO")) {
      want = AddressClass.BROADCAST;
    }
    assertThat(AddressClass.of(literal)).as(literal).isEqualTo(want);
    assertThat(AddressClass.of(IpAddresses.parseIgnoringZone(literal))).as(literal).isEqualTo(want);
  }

  @Test
  void everyClass_isCoveredForIpv4AndIpv6() {
    Set<AddressClass> v4 = EnumSet.noneOf(AddressClass.class);
    Set<AddressClass> v6 = EnumSet.noneOf(AddressClass.class);
    String[] v4s = {"8.8.8.8", "10.1.1.1", "100.64.1.1", "127.0.0.1", "169.254.1.1",
        "192.0.2.1", "198.18.0.1", "224.0.0.1", "255.255.255.255", "0.0.0.0", "0.1.2.3",
        "240.0.0.1"};
    String[] v6s = {"2606:4700::1", "64:ff9b:1::1", "::1", "fe80::1", "fd00::1", "fec0::1",
        "2001:db8::1", "2001:2::1", "ff02::1", "::", "4000::1"};
    for (String s : v4s) {
      v4.add(AddressClass.of(s));
    }
    for (String s : v6s) {
      v6.add(AddressClass.of(s));
    }
    assertThat(v4).containsExactlyInAnyOrder(AddressClass.PUBLIC, AddressClass.PRIVATE,
        AddressClass.SHARED, AddressClass.LOOPBACK, AddressClass.LINK_LOCAL,
        AddressClass.DOCUMENTATION, AddressClass.BENCHMARKING, AddressClass.MULTICAST,
        AddressClass.BROADCAST, AddressClass.UNSPECIFIED, AddressClass.THIS_NETWORK,
        AddressClass.RESERVED);
    assertThat(v6).containsExactlyInAnyOrder(AddressClass.PUBLIC, AddressClass.PRIVATE,
        AddressClass.LOOPBACK, AddressClass.LINK_LOCAL, AddressClass.UNIQUE_LOCAL,
        AddressClass.SITE_LOCAL, AddressClass.DOCUMENTATION, AddressClass.BENCHMARKING,
        AddressClass.MULTICAST, AddressClass.UNSPECIFIED, AddressClass.RESERVED);
  }

  @Test
  void isPublicAndIsRoutable_matchDocumentedSets() {
    for (AddressClass c : AddressClass.values()) {
      assertThat(c.isPublic()).as(c.name()).isEqualTo(c == AddressClass.PUBLIC);
      boolean routable = EnumSet.of(AddressClass.PUBLIC, AddressClass.PRIVATE, AddressClass.SHARED,
          AddressClass.UNIQUE_LOCAL, AddressClass.SITE_LOCAL, AddressClass.BENCHMARKING)
          .contains(c);
      assertThat(c.isRoutable()).as(c.name()).isEqualTo(routable);
    }
  }

  @Test
  void jsonName_roundTrips() {
    for (AddressClass c : AddressClass.values()) {
      assertThat(AddressClass.fromJsonName(c.jsonName())).isEqualTo(c);
    }
    assertThat(AddressClass.LINK_LOCAL.jsonName()).isEqualTo("link_local");
    assertThatThrownBy(() -> AddressClass.fromJsonName("cgnat"))
        .hasMessageContaining("unknown address class 'cgnat'").hasMessageContaining("shared");
  }

  @Test
  void of_hostName_failsWithoutResolving() {
    assertThatThrownBy(() -> AddressClass.of("example.invalid"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host name");
  }
}
