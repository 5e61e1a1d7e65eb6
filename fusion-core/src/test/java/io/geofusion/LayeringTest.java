package io.geofusion;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/architecture.md §3: the packages of fusion-core are layered; a package may use the ones
 * listed before it, never one listed after it.
 */
class LayeringTest {

  /**
   * docs/architecture.md §3's table with {@code text} below it (docs/decisions/text-layer.md) and
   * the serialisation layer {@code json} above {@code graph}
   * (docs/decisions/serialisation-layer.md).
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
}
