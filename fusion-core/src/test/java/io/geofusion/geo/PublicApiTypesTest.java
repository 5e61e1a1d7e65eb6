package io.geofusion.geo;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.geofusion.PublicSignatures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/decisions/no-jts-types-in-api.md: no JTS, GeographicLib, JNA or commons-math type appears
 * in a public signature of the measurement packages.
 */
class PublicApiTypesTest {

  private static final List<String> FORBIDDEN = List.of("org.locationtech.", "net.sf.geographiclib.",
      "com.sun.jna.", "org.apache.commons.math3.");

  @Test
  void publicSignatures_geoAndRtt_useNoThirdPartyGeometryTypes() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.geofusion.geo", "io.geofusion.rtt");
    assertThat(PublicSignatures.publicCount(classes)).isGreaterThan(10);
    assertThat(PublicSignatures.exposing(classes, FORBIDDEN)).isEmpty();
  }
}
