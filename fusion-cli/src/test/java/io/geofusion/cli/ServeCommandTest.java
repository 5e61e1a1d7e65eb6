package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code geofusion serve}: the refusals that happen before anything listens. */
class ServeCommandTest {

  @TempDir Path dir;

  @Test
  void serve_offLoopbackWithoutToken_isAUsageError() {
    CliRun r = CliRun.of("serve", "--listen", "0.0.0.0:0");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("geofusion: error: refusing to listen on 0.0.0.0:0"
        + " without a bearer token: give --token-file FILE, or listen on 127.0.0.1");
  }

  @Test
  void serve_shortToken_isAUsageError() throws Exception {
    Path t = Files.writeString(dir.resolve("token"), "short\n");
    CliRun r = CliRun.of("serve", "--token-file", t.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("the token must be one line of at least 16 characters");
  }

  @Test
  void serve_badListen_isAUsageError() {
    CliRun r = CliRun.of("serve", "--listen", "127.0.0.1:99999");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--listen: the port must be a number in [0, 65535]");
  }

  @Test
  void serve_badBodyLimits_areUsageErrors() {
    CliRun r = CliRun.of("serve", "--body-deadline", "soon");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("geofusion: error: --body-deadline: 'soon' is not a"
        + " duration: give a whole number and a unit (90s, 30m, 24h, 7d, 2w) or ISO-8601 (PT36H)");
    CliRun n = CliRun.of("serve", "--min-body-rate", "-1");
    assertThat(n.exitCode()).isEqualTo(2);
    assertThat(n.err().strip()).isEqualTo("geofusion: error: --min-body-rate: give bytes per"
        + " second >= 0 (0: no minimum), got -1");
  }
}
