package io.geofusion.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;

/**
 * The dependency rules of docs/architecture.md §3 that hold in every module, as ArchUnit rules
 * each module's tests check over their own classes. (In a package of its own: a class-path class
 * in a package of the io.geofusion.core module is invisible to the other modules' tests.)
 */
public final class ArchitectureRules {

  private static final String ROOT = "io.geofusion";

  private ArchitectureRules() {}

  /** The top-level packages {@code io.geofusion.(*)} do not depend on each other in a cycle. */
  public static ArchRule topLevelPackagesFreeOfCycles() {
    return slices().matching(ROOT + ".(*)..").should().beFreeOfCycles()
        .because("docs/architecture.md §3 layers the packages: a cycle makes two of them one");
  }

  /**
   * A package named {@code internal} is used only from inside the top-level package that owns it
   * ({@code io.geofusion.probe.internal} from {@code io.geofusion.probe..}; the relocated
   * {@code io.geofusion.internal.shaded..} from {@code io.geofusion..}, i.e. its own module).
   */
  public static ArchRule internalPackagesPrivate() {
    return classes().should(useInternalPackagesOnlyFromTheirOwner())
        .because("internal packages are not API (docs/architecture.md §3)");
  }

  /**
   * The package that owns {@code pkg} if {@code pkg} is, or is inside, an {@code internal}
   * package: the top-level package {@code io.geofusion.X} above it, or {@code io.geofusion}
   * itself for {@code io.geofusion.internal}; empty otherwise.
   */
  public static Optional<String> internalOwner(String pkg) {
    int at = ("." + pkg + ".").indexOf(".internal.");
    if (at < 0) {
      return Optional.empty();
    }
    String parent = at == 0 ? "" : pkg.substring(0, at - 1);
    if (parent.startsWith(ROOT + ".")) {
      int dot = parent.indexOf('.', ROOT.length() + 1);
      return Optional.of(dot < 0 ? parent : parent.substring(0, dot));
    }
    return Optional.of(parent);
  }

  private static boolean inside(String pkg, String owner) {
    return owner.isEmpty() || pkg.equals(owner) || pkg.startsWith(owner + ".");
  }

  private static ArchCondition<JavaClass> useInternalPackagesOnlyFromTheirOwner() {
    return new ArchCondition<>("use internal packages only from inside the package owning them") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
          String target = d.getTargetClass().getBaseComponentType().getPackageName();
          internalOwner(target)
              .filter(owner -> !inside(origin.getPackageName(), owner))
              .ifPresent(owner -> events.add(SimpleConditionEvent.violated(d,
                  d.getDescription() + " (" + target + " is internal to " + owner + ")")));
        }
      }
    };
  }
}
