package io.geofusion;

import com.tngtech.archunit.core.domain.JavaClass;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/** Test helper: the types public classes expose in their public and protected signatures. */
@SuppressWarnings("exports") // test code; ArchUnit is on the class path, not a module
public final class PublicSignatures {

  private PublicSignatures() {}

  /**
   * Every public or protected method, constructor and field of the public classes among
   * {@code classes} whose signature (generic return, parameter, exception or field type) names a
   * type starting with one of {@code forbiddenPrefixes}, as {@code "Owner.member exposes Type"}.
   */
  public static List<String> exposing(Iterable<JavaClass> classes,
      List<String> forbiddenPrefixes) {
    List<String> out = new ArrayList<>();
    for (JavaClass jc : classes) {
      Class<?> c = jc.reflect();
      if (!Modifier.isPublic(c.getModifiers())) {
        continue;
      }
      for (Method m : c.getDeclaredMethods()) {
        if (visible(m.getModifiers())) {
          check(out, forbiddenPrefixes, c, m.getName(), m.getGenericReturnType());
          for (Type t : m.getGenericParameterTypes()) {
            check(out, forbiddenPrefixes, c, m.getName(), t);
          }
          for (Type t : m.getGenericExceptionTypes()) {
            check(out, forbiddenPrefixes, c, m.getName(), t);
          }
        }
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (visible(k.getModifiers())) {
          for (Type t : k.getGenericParameterTypes()) {
            check(out, forbiddenPrefixes, c, "<init>", t);
          }
        }
      }
      for (Field f : c.getDeclaredFields()) {
        if (visible(f.getModifiers())) {
          check(out, forbiddenPrefixes, c, f.getName(), f.getGenericType());
        }
      }
    }
    return out;
  }

  /** How many of {@code classes} are public (what {@link #exposing} looks at). */
  public static int publicCount(Iterable<JavaClass> classes) {
    int n = 0;
    for (JavaClass jc : classes) {
      if (Modifier.isPublic(jc.reflect().getModifiers())) {
        n++;
      }
    }
    return n;
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
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
