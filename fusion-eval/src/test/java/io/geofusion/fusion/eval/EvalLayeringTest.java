package io.geofusion.fusion.eval;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.geofusion.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * The evaluation harness scores the library through its API (docs/architecture.md §3): it uses
 * no {@code internal} package of another module.
 */
class EvalLayeringTest {

  @Test
  void internalPackages_usedOnlyByTheirOwner() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.geofusion.fusion.eval");
    ArchitectureRules.internalPackagesPrivate().check(classes);
  }
}
