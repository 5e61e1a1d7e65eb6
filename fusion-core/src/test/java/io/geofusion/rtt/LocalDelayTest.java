package io.geofusion.rtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class LocalDelayTest {

  private static final double NAN = Double.NaN;

  @Test
  void fromFirstPublicHop_takesItsMinimum() {
    LocalDelay d = LocalDelay.fromFirstPublicHop(RttEnvelope.of(3.2, 2.9, 4.1));
    assertThat(d.ms()).isEqualTo(2.9);
    assertThat(d.source()).isEqualTo(LocalDelay.Source.FIRST_PUBLIC_HOP);
  }

  @Test
  void fromFirstPublicHop_laterHopLower_slowIcmpAtFirstHopIgnored() {
    // First public hop answers ICMP slowly (18 ms); the next hop proves access costs <= 2.4 ms.
    LocalDelay d = LocalDelay.fromFirstPublicHop(RttEnvelope.of(18, 19),
        List.of(RttEnvelope.of(2.4, 2.6), RttEnvelope.of(NAN), RttEnvelope.of(9.0)));
    assertThat(d.ms()).isEqualTo(2.4);
  }

  @Test
  void fromFirstPublicHop_silentFirstHop_usesLaterHops() {
    LocalDelay d = LocalDelay.fromFirstPublicHop(RttEnvelope.of(NAN, NAN),
        List.of(RttEnvelope.of(5.5)));
    assertThat(d.ms()).isEqualTo(5.5);
  }

  @Test
  void fromFirstPublicHop_nothingAnswered_rejected() {
    assertThatThrownBy(() -> LocalDelay.fromFirstPublicHop(RttEnvelope.of(NAN, NAN, NAN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sent=3").hasMessageContaining("configure");
  }

  @Test
  void configured_negative_rejected() {
    assertThat(LocalDelay.configured(1.25).ms()).isEqualTo(1.25);
    assertThat(LocalDelay.NONE.ms()).isZero();
    assertThatThrownBy(() -> LocalDelay.configured(-0.1)).hasMessageContaining("-0.1");
    assertThatThrownBy(() -> new LocalDelay(1, null)).hasMessageContaining("source");
  }

  @Test
  void resolve_configuredWins_thenMeasured_thenNone() {
    Optional<RttEnvelope> hop = Optional.of(RttEnvelope.of(3.0, 3.5));
    assertThat(LocalDelay.resolve(OptionalDouble.of(1.0), hop, List.of()))
        .isEqualTo(LocalDelay.configured(1.0));
    assertThat(LocalDelay.resolve(OptionalDouble.empty(), hop, List.of(RttEnvelope.of(2.0))))
        .isEqualTo(new LocalDelay(2.0, LocalDelay.Source.FIRST_PUBLIC_HOP));
    assertThat(LocalDelay.resolve(OptionalDouble.empty(), Optional.empty(), List.of()))
        .isEqualTo(LocalDelay.NONE);
    assertThat(LocalDelay.resolve(OptionalDouble.empty(), Optional.of(RttEnvelope.of(NAN)),
        List.of(RttEnvelope.of(NAN)))).isEqualTo(LocalDelay.NONE);
  }
}
