package io.geofusion.probe.backend;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * fusion-probe's two packages form one layer over fusion-core's probing API: {@code backend}
 * (the exported factory) uses {@code internal} (the backends), never the other way round. That
 * fusion-core uses neither is enforced by the build itself: core does not depend on this module.
 */
class ProbeLayeringTest {

  @Test
  void internal_usesNoBackendClass() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.geofusion.probe");
    noClasses().that().resideInAPackage("io.geofusion.probe.internal..")
        .should().dependOnClassesThat().resideInAPackage("io.geofusion.probe.backend..")
        .because("the backends are picked by Probers; they do not pick each other")
        .check(classes);
  }
}
