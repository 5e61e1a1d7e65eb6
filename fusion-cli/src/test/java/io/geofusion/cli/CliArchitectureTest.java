package io.geofusion.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CLI is a thin layer (docs/architecture.md §3, §4): each command parses, calls the library
 * and renders. A command never calls another command's static helpers (what two commands share
 * belongs in the library or in a non-command helper class of the CLI), and the CLI uses no
 * {@code internal} package of any module. The global {@code --config} reaches subcommands
 * through {@code CliConfig.of(spec)}, not through the root command.
 */
class CliArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.geofusion.cli");
  }

  @Test
  void commands_callNoOtherCommandsStaticMembers() {
    classes().that().resideInAPackage("io.geofusion.cli..")
        .and(DescribedPredicate.describe("belong to a *Command class",
            (JavaClass c) -> isCommand(c)))
        .should(callNoStaticMemberOfAnotherCommand())
        .because("commands do not call each other's helpers (issue 13)")
        .check(classes);
  }

  @Test
  void cli_usesNoInternalPackage() {
    noClasses().that().resideInAPackage("io.geofusion.cli..")
        .should().dependOnClassesThat().resideInAPackage("..internal..")
        .because("the CLI calls the library through its API (docs/architecture.md §3)")
        .check(classes);
  }

  private static JavaClass outermost(JavaClass c) {
    JavaClass o = c;
    while (o.getEnclosingClass().isPresent()) {
      o = o.getEnclosingClass().get();
    }
    return o;
  }

  private static boolean isCommand(JavaClass c) {
    JavaClass o = outermost(c);
    return o.getPackageName().startsWith("io.geofusion.cli")
        && o.getSimpleName().endsWith("Command");
  }

  private static ArchCondition<JavaClass> callNoStaticMemberOfAnotherCommand() {
    return new ArchCondition<>("call no static member of another command") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        JavaClass self = outermost(origin);
        for (JavaAccess<?> access : origin.getAccessesFromSelf()) {
          JavaClass owner = access.getTargetOwner();
          if (!isCommand(owner) || outermost(owner).equals(self)) {
            continue;
          }
          Optional<? extends JavaMember> member = access.getTarget().resolveMember();
          if (member.isPresent() && member.get().getModifiers().contains(JavaModifier.STATIC)) {
            events.add(SimpleConditionEvent.violated(access, access.getDescription()));
          }
        }
      }
    };
  }
}
