package io.geofusion.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.testing.Seeds;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(Seeds.class)
class IpAddressesTest {

  @Test
  void canonicalV4_seededTexts_onlyWhereTheParseGivesTheTextBack() {
    SplittableRandom r = new SplittableRandom(Seeds.seed());
    String alphabet = "0123456789.. x-:";
    int canonical = 0;
    for (int k = 0; k < 200_000; k++) {
      String text;
      if (r.nextBoolean()) {
        text = r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
        if (r.nextInt(4) == 0) { // a leading zero, a part too many or too few, a space
          String[] edits = {"0", ".1", "1.", " ", "00"};
          String e = edits[r.nextInt(edits.length)];
          text = r.nextBoolean() ? e + text : text + e;
        }
      } else {
        StringBuilder sb = new StringBuilder();
        for (int n = r.nextInt(18); n > 0; n--) {
          sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        text = sb.toString();
      }
      LiteralParser.Parsed p = LiteralParser.parse(text);
      boolean givesItBack = p.ok() && p.bytes().length == 4
          && text.equals((p.bytes()[0] & 0xff) + "." + (p.bytes()[1] & 0xff) + "."
              + (p.bytes()[2] & 0xff) + "." + (p.bytes()[3] & 0xff));
      long bits = IpAddresses.canonicalV4(text);
      assertThat(bits >= 0).as("'%s'", text).isEqualTo(givesItBack);
      if (givesItBack) {
        assertThat(bits).as("'%s'", text).isEqualTo(
            (long) (p.bytes()[0] & 0xff) << 24 | (p.bytes()[1] & 0xff) << 16
                | (p.bytes()[2] & 0xff) << 8 | (p.bytes()[3] & 0xff));
        assertThat(AddressClass.of(text)).isEqualTo(AddressClass.ofBytes(p.bytes()));
      }
      canonical += givesItBack ? 1 : 0;
    }
    assertThat(canonical).isGreaterThan(50_000);
  }

  @Test
  void parse_hostName_failsWithoutResolving() {
    assertThatThrownBy(() -> IpAddresses.parse("example.invalid"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'example.invalid' is not an IP address literal: it looks like a host name,"
            + " and GeoFusion never resolves names; resolve it yourself (e.g. with dig) and pass"
            + " the address");
  }

  @Test
  void parse_localhost_isRejectedEvenThoughTheSystemResolverKnowsIt() {
    // InetAddress.getByName("localhost") answers from /etc/hosts; a parser that delegated to it
    // would accept this. Ours must not.
    assertThatThrownBy(() -> IpAddresses.parse("localhost"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host name");
    assertThat(IpAddresses.tryParse("localhost")).isEmpty();
    assertThat(IpAddresses.isLiteral("localhost")).isFalse();
  }

  @Test
  void parse_ipv4_givesInet4AddressWithoutHostName() {
    InetAddress a = IpAddresses.parse(" 192.0.2.1 ");
    assertThat(a).isInstanceOf(Inet4Address.class);
    assertThat(a.getAddress()).containsExactly(192, 0, 2, 1);
    assertThat(a.toString()).isEqualTo("/192.0.2.1");
  }

  @ParameterizedTest
  @CsvSource({
      "::, ::",
      "::1, ::1",
      "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
      "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
      "2001:0db8:0000:0000:0001:0000:0000:0001, 2001:db8::1:0:0:1",
      "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
      "1:0:0:2:0:0:0:3, 1:0:0:2::3",
      "1::, 1::",
      "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
      "::2:3:4:5:6:7:8, 0:2:3:4:5:6:7:8",
      "[2001:db8::1], 2001:db8::1",
      "::ffff:192.0.2.1, 192.0.2.1",
      "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
      "fe80::1%eth7, fe80::1",
      "[fe80::1%25eth7], fe80::1",
      "0.0.0.0, 0.0.0.0",
      "255.255.255.255, 255.255.255.255"
  })
  void canonical_validLiterals_giveRfc5952Text(String text, String expected) {
    assertThat(IpAddresses.canonical(text)).contains(expected);
    assertThat(IpAddresses.isLiteral(text)).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1.2.3|IPv4 needs exactly 4 dotted decimal parts, got 3",
      "1.2.3.4.5|got more",
      "256.1.1.1|above 255",
      "01.2.3.4|leading zero",
      "1.2.3.|missing a part",
      "1..2.3|missing a part",
      "1.2.3.4:80|unexpected character ':'",
      "1:2:3:4:5:6:7:8:9|more than 8 groups",
      "1::2::3|'::' may appear only once",
      "12345::|more than 4 hex digits",
      ":1::|cannot start with a single ':'",
      "1:2:3:4:5:6:7|needs 8 groups",
      "2001:db8::g|'g' is not a hex digit",
      "1:2:3:4:5:6:7:8::|at least one zero group",
      "[::1]:53|ports are not part of an address",
      "[::1|without a closing",
      "[1.2.3.4]|only used around IPv6",
      "1.2.3.4%eth0|only allowed on IPv6",
      "fe80::1%|empty zone id",
      "::ffff:1.2.3.256|embedded IPv4 part 256 is above 255",
      "my-router|host name",
      "' '|empty"
  })
  void parse_invalidLiterals_failWithReason(String text, String reason) {
    assertThatThrownBy(() -> IpAddresses.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'" + text + "' is not an IP address literal")
        .hasMessageContaining(reason);
    assertThat(IpAddresses.tryParse(text)).isEmpty();
  }

  @Test
  void parse_null_failsWithMessage() {
    assertThatThrownBy(() -> IpAddresses.parse(null)).hasMessageContaining("got null");
  }

  @Test
  void parse_numericZone_becomesScopeId() {
    Inet6Address a = (Inet6Address) IpAddresses.parse("fe80::1%3");
    assertThat(a.getScopeId()).isEqualTo(3);
    assertThat(IpAddresses.toText(a)).isEqualTo("fe80::1%3");
  }

  @Test
  void parse_namedZoneOfUnknownInterface_failsWithAdvice() {
    assertThatThrownBy(() -> IpAddresses.parse("fe80::1%nosuchif0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a network interface of this machine")
        .hasMessageContaining("parseIgnoringZone");
    assertThat(IpAddresses.parseIgnoringZone("fe80::1%nosuchif0").getHostAddress())
        .isEqualTo("fe80:0:0:0:0:0:0:1");
  }

  @Test
  void parse_namedZoneOfLocalInterface_isKeptAsScope() throws Exception {
    java.net.NetworkInterface lo = java.net.NetworkInterface.getByName("lo");
    org.junit.jupiter.api.Assumptions.assumeTrue(lo != null, "no interface named lo here");
    Inet6Address a = (Inet6Address) IpAddresses.parse("fe80::1%lo");
    boolean boundToLo = a.getScopedInterface() != null
        && a.getScopedInterface().getName().equals("lo");
    assertThat(boundToLo || a.getScopeId() == lo.getIndex()).as(a.toString()).isTrue();
  }

  @Test
  void embeddedIpv4_transitionForms_yieldCarriedAddress() {
    assertThat(v4("2002:c000:0201::1")).isEqualTo("192.0.2.1");
    assertThat(v4("64:ff9b::8.8.8.8")).isEqualTo("8.8.8.8");
    // Teredo (RFC 4380 §4): client 192.0.2.45 stored inverted as 3fff:fdd2
    assertThat(v4("2001:0:4136:e378:8000:63bf:3fff:fdd2")).isEqualTo("192.0.2.45");
    assertThat(v4("::ffff:10.1.2.3")).isEqualTo("10.1.2.3");
    assertThat(IpAddresses.embeddedIpv4(IpAddresses.parse("2001:db8::1"))).isEmpty();
  }

  private static String v4(String text) {
    return IpAddresses.embeddedIpv4(IpAddresses.parse(text)).orElseThrow().getHostAddress();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2.3.4", "::", "2001:db8::1", "fe80::1", "::ffff:1.2.3.4"})
  void toText_roundTripsThroughParse(String text) {
    InetAddress a = IpAddresses.parse(text);
    assertThat(IpAddresses.parse(IpAddresses.toText(a))).isEqualTo(a);
  }

  @Test
  void parse_randomAddresses_agreeWithJdkOnLiterals() {
    long seed = Seeds.seed();
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < 2000; i++) {
      byte[] b = new byte[r.nextBoolean() ? 4 : 16];
      for (int j = 0; j < b.length; j++) {
        b[j] = (byte) (r.nextInt(4) == 0 ? 0 : r.nextInt(256)); // zero runs exercise '::'
      }
      try {
        InetAddress jdk = InetAddress.getByAddress(b);
        String ours = IpAddresses.toText(jdk);
        // getHostAddress of a getByAddress result is a literal, so getByName cannot resolve here.
        assertThat(IpAddresses.parse(ours)).as("seed %d, text %s", seed, ours).isEqualTo(jdk);
        assertThat(IpAddresses.parse(jdk.getHostAddress())).as("seed %d", seed).isEqualTo(jdk);
      } catch (java.net.UnknownHostException e) {
        throw new AssertionError(e);
      }
    }
  }
}
