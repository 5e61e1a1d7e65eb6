package io.geofusion.pcap;

import io.geofusion.testing.CheckedExceptionRule;
import org.junit.jupiter.api.Test;

/** fusion-pcap's checked exceptions share the library's root (docs/decisions/exception-root.md). */
class ExceptionRootTest {

  @Test
  void checkedExceptions_pcap_extendTheRoot() {
    CheckedExceptionRule.assertExtendRoot("io.geofusion.pcap");
  }
}
