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
 * in a public signature of the measurement packages; and, since fusion-core's jar carries
 * GeographicLib and commons-math relocated into an unexported package
 * (docs/decisions/module-names.md), neither appears in any public signature of fusion-core.
 */
class PublicApiTypesTest {

  private static final List<String> FORBIDDEN = List.of("org.locationtech.", "net.sf.geographiclib.",
      "com.sun.jna.", "org.apache.commons.math3.");

  private static final List<String> SHADED = List.of("net.sf.geographiclib.",
      "org.apache.commons.math3.");

  @Test
  void publicSignatures_geoAndRtt_useNoThirdPartyGeometryTypes() {
    assertThat(exposures(FORBIDDEN, "io.geofusion.geo", "io.geofusion.rtt")).isEmpty();
  }

  @Test
  void publicSignatures_everyPackage_useNoShadedLibraryType() {
    assertThat(exposures(SHADED, "io.geofusion")).isEmpty();
  }

  private static List<String> exposures(List<String> forbidden, String... packages) {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(packages);
    assertThat(PublicSignatures.publicCount(classes)).isGreaterThan(10);
    return PublicSignatures.exposing(classes, forbidden);
  }
}
