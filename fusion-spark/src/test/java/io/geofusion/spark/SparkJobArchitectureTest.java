package io.geofusion.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The job never brings the data set to the driver: no main class calls a {@code Dataset} or RDD
 * method that collects rows (the tests may, on their small samples).
 */
class SparkJobArchitectureTest {

  static final Set<String> COLLECTING = Set.of("collect", "collectAsList", "toLocalIterator",
      "take", "takeAsList", "head", "first", "tail", "collectAsMap", "toPandas");

  @Test
  void job_neverCollectsToTheDriver() {
    JavaClasses job = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.geofusion.spark");
    noClasses().should().callMethodWhere(new DescribedPredicate<JavaMethodCall>(
        "a Spark method that collects rows to the driver") {
      @Override
      public boolean test(JavaMethodCall call) {
        String owner = call.getTargetOwner().getName();
        return (owner.startsWith("org.apache.spark.sql.Dataset")
            || owner.startsWith("org.apache.spark.api.java.")
            || owner.startsWith("org.apache.spark.rdd."))
            && COLLECTING.contains(call.getName());
      }
    }).check(job);
  }
}
