package io.geofusion.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimesTest {

  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  @Test
  void since_acceptsInstantsDatesAndDurations() {
    assertThat(Times.since("2026-12-07T03:00:00Z", NOW))
        .isEqualTo(Instant.parse("2026-12-07T03:00:00Z"));
    assertThat(Times.since("2026-12-07T04:00:00+01:00", NOW))
        .isEqualTo(Instant.parse("2026-12-07T03:00:00Z"));
    assertThat(Times.since("2026-12-06", NOW)).isEqualTo(Instant.parse("2026-12-06T00:00:00Z"));
    assertThat(Times.since("24h", NOW)).isEqualTo(NOW.minus(Duration.ofHours(24)));
    assertThat(Times.since("7d", NOW)).isEqualTo(NOW.minus(Duration.ofDays(7)));
    assertThat(Times.since("2w", NOW)).isEqualTo(NOW.minus(Duration.ofDays(14)));
    assertThat(Times.since("PT36H", NOW)).isEqualTo(NOW.minus(Duration.ofHours(36)));
  }

  @Test
  void since_badText_isOneLineNamingTheForms() {
    for (String bad : new String[] {"yesterday", "24", "-3d", "2026-13-01", "2026-12-07T25:00Z",
        "", "0h"}) {
      assertThatThrownBy(() -> Times.since(bad, NOW)).isInstanceOf(
          IllegalArgumentException.class).satisfies(e ->
              assertThat(e.getMessage()).doesNotContain("\n").contains("24h"));
    }
  }

  @Test
  void duration_refusesZeroAndCenturies() {
    assertThatThrownBy(() -> Times.duration("0d")).hasMessageContaining("positive");
    assertThatThrownBy(() -> Times.duration("99999999d")).hasMessageContaining("100 years");
    assertThat(Times.duration("90s")).isEqualTo(Duration.ofSeconds(90));
  }
}
