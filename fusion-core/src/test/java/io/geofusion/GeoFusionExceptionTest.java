package io.geofusion;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.geoip.GeoIpException;
import io.geofusion.probe.ProbeException;
import io.geofusion.testing.CheckedExceptionRule;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** docs/decisions/exception-root.md: one root for the library's checked exceptions. */
class GeoFusionExceptionTest {

  @Test
  void checkedExceptions_core_extendTheRoot() {
    CheckedExceptionRule.assertExtendRoot("io.geofusion");
  }

  @Test
  void root_isAnIoException_soExistingHandlersStillCatchIt() {
    assertThat(IOException.class).isAssignableFrom(GeoFusionException.class);
    assertThat(GeoFusionException.class).isAssignableFrom(ProbeException.class)
        .isAssignableFrom(GeoIpException.class);
  }
}
