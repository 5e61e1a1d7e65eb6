package io.geofusion;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.geofusion.testing.ArchitectureRules;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/architecture.md §3: the packages of fusion-core are layered; a package may use the ones
 * listed before it, never one listed after it. The top-level packages form no cycle, and an
 * {@code internal} package is used only from inside the package that owns it.
 */
class LayeringTest {

  /**
   * docs/architecture.md §3's table: {@code text} at the bottom (docs/decisions/text-layer.md),
   * the serialisation layer {@code json} above {@code graph}
   * (docs/decisions/serialisation-layer.md). The same order as the exports of module-info.java.
   */
  static final List<String> LAYERS = List.of("text", "geo", "rtt", "net", "path", "asn", "geoip",
      "fusion", "formats", "probe", "locate", "graph", "json", "guardrail");

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.geofusion");
  }

  static Stream<String> layers() {
    return LAYERS.stream();
  }

  @ParameterizedTest
  @MethodSource("layers")
  void layer_usesNoLaterLayer(String layer) {
    int i = LAYERS.indexOf(layer);
    String[] later = LAYERS.subList(i + 1, LAYERS.size()).stream()
        .map(p -> "io.geofusion." + p + "..").toArray(String[]::new);
    if (later.length == 0) {
      return;
    }
    noClasses().that().resideInAPackage("io.geofusion." + layer + "..")
        .should().dependOnClassesThat().resideInAnyPackage(later)
        .because("docs/architecture.md §3 layers fusion-core as " + String.join(" > ", LAYERS)
            + "; a package may only use those before it (" + Arrays.toString(later) + " come after "
            + layer + ")")
        .check(classes);
  }

  @Test
  void layers_coverEveryPackageOfCore() {
    List<String> topLevel = classes.stream()
        .map(c -> c.getPackageName())
        .filter(p -> p.startsWith("io.geofusion."))
        .map(p -> p.substring("io.geofusion.".length()).split("\\.")[0])
        .distinct()
        .toList();
    assertThat(LAYERS).as("a new top-level package needs its place in the layer order")
        .containsAll(topLevel);
  }

  @Test
  void topLevelPackages_formNoCycle() {
    ArchitectureRules.topLevelPackagesFreeOfCycles().check(classes);
  }

  @Test
  void internalPackages_usedOnlyByTheirOwner() {
    ArchitectureRules.internalPackagesPrivate().check(classes);
  }

  @Test
  void internalOwner_isTheTopLevelPackageAbove() {
    assertThat(ArchitectureRules.internalOwner("io.geofusion.probe.internal"))
        .contains("io.geofusion.probe");
    assertThat(ArchitectureRules.internalOwner("io.geofusion.fusion.stage.internal.x"))
        .contains("io.geofusion.fusion");
    assertThat(ArchitectureRules.internalOwner("io.geofusion.internal.shaded.math3"))
        .contains("io.geofusion");
    assertThat(ArchitectureRules.internalOwner("io.geofusion.probe.backend")).isEmpty();
    assertThat(ArchitectureRules.internalOwner("io.geofusion.internalish")).isEmpty();
  }
}
