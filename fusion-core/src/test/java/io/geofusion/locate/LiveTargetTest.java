package io.geofusion.locate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link LiveTarget}: literals without DNS, names checked for form, refused addresses. */
class LiveTargetTest {

  @Test
  void literal_ipv4AndIpv6_parsedWithoutDns() throws Exception {
    LiveTarget v4 = LiveTarget.literal(" 192.0.2.7 ");
    assertThat(v4.addressText()).isEqualTo("192.0.2.7");
    assertThat(v4.label()).isEqualTo("192.0.2.7");
    assertThat(v4.byName()).isFalse();
    assertThat(LiveTarget.literal("2001:DB8::1").addressText()).isEqualTo("2001:db8::1");
  }

  @Test
  void literal_hostName_leftForResolution() throws Exception {
    assertThat(LiveTarget.literal("example.org")).isNull();
  }

  @Test
  void literal_malformed_oneLineNamingIt() {
    assertThatThrownBy(() -> LiveTarget.literal("300.1.1.1"))
        .isInstanceOf(LiveTarget.TargetException.class)
        .hasMessageStartingWith("invalid address '300.1.1.1'");
    assertThatThrownBy(() -> LiveTarget.literal("not a host!"))
        .hasMessageContaining("neither an IP address nor a host name");
    assertThatThrownBy(() -> LiveTarget.literal("  ")).hasMessageContaining("empty target");
  }

  @Test
  void literal_multicastBroadcastUnspecified_refused() {
    assertThatThrownBy(() -> LiveTarget.literal("224.0.0.1"))
        .hasMessageContaining("refusing to probe the multicast address 224.0.0.1");
    assertThatThrownBy(() -> LiveTarget.literal("255.255.255.255"))
        .hasMessageContaining("broadcast");
    assertThatThrownBy(() -> LiveTarget.literal("::")).hasMessageContaining("unspecified");
  }

  @Test
  void resolve_invalidTld_refusedWithoutAQuery() {
    assertThatThrownBy(() -> LiveTarget.resolve("gone.invalid."))
        .hasMessage("cannot resolve 'gone.invalid.': names under .invalid never resolve"
            + " (RFC 6761)");
  }

  @Test
  void resolve_localhost_byNameWithItsAddress() throws Exception {
    LiveTarget t = LiveTarget.resolve("localhost");
    assertThat(t.byName()).isTrue();
    assertThat(t.typed()).isEqualTo("localhost");
    assertThat(t.label()).isEqualTo("localhost (" + t.addressText() + ")");
  }
}
