package io.geofusion.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.geofusion.GeoFusionException;

/**
 * docs/decisions/exception-root.md as a rule every module's tests run over their packages: each
 * public checked exception outside {@code internal} packages extends {@link GeoFusionException}.
 * (In a package of its own: a class-path class in a package of the io.geofusion.core module is
 * invisible to the other modules' tests.)
 */
public final class CheckedExceptionRule {

  private CheckedExceptionRule() {}

  /** Fails naming each public checked exception in {@code packages} that is outside the root. */
  public static void assertExtendRoot(String... packages) {
    JavaClasses imported = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(packages);
    classes().that().areAssignableTo(Exception.class)
        .and().areNotAssignableTo(RuntimeException.class)
        .and().arePublic()
        .and().resideOutsideOfPackage("..internal..")
        .should().beAssignableTo(GeoFusionException.class)
        .because("catching GeoFusionException must catch every checked failure of the library")
        .check(imported);
  }
}
