package io.geofusion.geo;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
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
    List<String> violations = new ArrayList<>();
    int checked = 0;
    for (JavaClass jc : classes) {
      Class<?> c = jc.reflect();
      if (!Modifier.isPublic(c.getModifiers())) {
        continue;
      }
      checked++;
      for (Method m : c.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers())) {
          check(violations, forbidden, c, m.getName(), m.getGenericReturnType());
          for (Type t : m.getGenericParameterTypes()) {
            check(violations, forbidden, c, m.getName(), t);
          }
          for (Type t : m.getGenericExceptionTypes()) {
            check(violations, forbidden, c, m.getName(), t);
          }
        }
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (Modifier.isPublic(k.getModifiers())) {
          for (Type t : k.getGenericParameterTypes()) {
            check(violations, forbidden, c, "<init>", t);
          }
        }
      }
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isPublic(f.getModifiers())) {
          check(violations, forbidden, c, f.getName(), f.getGenericType());
        }
      }
    }
    assertThat(checked).isGreaterThan(10);
    return violations;
  }

  private static void check(List<String> out, List<String> forbidden, Class<?> owner,
      String member, Type t) {
    String name = t.getTypeName();
    for (String f : forbidden) {
      if (name.contains(f)) {
        out.add(owner.getName() + "." + member + " exposes " + name);
      }
    }
  }
}
