package io.geofusion.pcap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.geofusion.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * fusion-pcap's packages in docs/architecture.md §3's order: {@code pcap.json} (the capture
 * documents) writes what {@code pcap} computes, never the other way round; like every module,
 * it uses no other module's {@code internal} package.
 */
class PcapLayeringTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.geofusion.pcap");
  }

  @Test
  void pcap_usesNoCaptureDocumentClass() {
    noClasses().that().resideInAPackage("io.geofusion.pcap")
        .should().dependOnClassesThat().resideInAPackage("io.geofusion.pcap.json..")
        .because("pcap.json is pcap's serialisation layer and sits above it")
        .check(classes);
  }

  @Test
  void internalPackages_usedOnlyByTheirOwner() {
    ArchitectureRules.internalPackagesPrivate().check(classes);
  }
}
