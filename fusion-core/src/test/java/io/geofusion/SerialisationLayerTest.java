package io.geofusion;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/decisions/serialisation-layer.md: Jackson stays in the serialisation layer. No public
 * signature of a domain package names a Jackson type, no domain type carries a Jackson
 * annotation, and only {@code json} (the configured mapper) and {@code text} (the syntax-only tree
 * parser) create a mapper.
 */
class SerialisationLayerTest {

  /**
   * The domain packages. Not here: {@code json} (the layer itself), {@code text} (JSON syntax for
   * readers), {@code guardrail} (a filter of JSON edge lines; see the decision record),
   * {@code fusion.eval} (the evaluation harness, in fusion-eval) and {@code internal} packages
   * (not API).
   */
  static final List<String> DOMAIN = List.of("geo", "rtt", "net", "path", "asn", "geoip",
      "fusion", "formats", "probe", "graph", "pcap", "locate");

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.geofusion");
  }

  static Stream<String> domain() {
    return DOMAIN.stream();
  }

  private static boolean inDomain(JavaClass c, String pkg) {
    String p = c.getPackageName();
    String root = "io.geofusion." + pkg;
    return (p.equals(root) || p.startsWith(root + "."))
        && !p.startsWith("io.geofusion.fusion.eval") && !p.contains(".internal")
        && !p.endsWith(".json"); // a module's own serialisation layer, e.g. pcap.json
  }

  @ParameterizedTest
  @MethodSource("domain")
  void publicSignatures_domainPackage_nameNoJacksonType(String pkg) {
    List<JavaClass> domain = classes.stream().filter(c -> inDomain(c, pkg)).toList();
    assertThat(PublicSignatures.exposing(domain, List.of("com.fasterxml."))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("domain")
  void domainTypes_carryNoJacksonAnnotation(String pkg) {
    List<String> violations = new ArrayList<>();
    for (JavaClass jc : classes) {
      if (!inDomain(jc, pkg)) {
        continue;
      }
      Class<?> c = jc.reflect();
      List<AnnotatedElement> elements = new ArrayList<>();
      elements.add(c);
      elements.addAll(List.of(c.getDeclaredMethods()));
      elements.addAll(List.of(c.getDeclaredFields()));
      elements.addAll(List.of(c.getDeclaredConstructors()));
      if (c.isRecord()) {
        for (RecordComponent rc : c.getRecordComponents()) {
          elements.add(rc);
        }
      }
      for (AnnotatedElement e : elements) {
        for (Annotation a : e.getDeclaredAnnotations()) {
          if (a.annotationType().getName().startsWith("com.fasterxml.")) {
            violations.add(c.getName() + ": " + e + " is annotated with " + a);
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void mappers_areCreatedOnlyByJsonAndText() {
    noClasses().that().resideOutsideOfPackages("io.geofusion.json..", "io.geofusion.text..")
        .should().callConstructor(ObjectMapper.class)
        .orShould().callMethod(JsonMapper.class, "builder")
        .because("json.ProductJson holds the one configured mapper and text.JsonTrees the "
            + "syntax-only tree parser (docs/decisions/serialisation-layer.md)")
        .check(classes);
  }
}
