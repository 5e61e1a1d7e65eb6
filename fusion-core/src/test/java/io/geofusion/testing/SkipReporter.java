package io.geofusion.testing;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Says on the console why a test did not run: a disabled test and a failed assumption (a tool or
 * namespace that is absent) were visible only in the surefire XML. Registered through
 * {@code META-INF/services}, so every module that uses the core test-jar gets it.
 */
public final class SkipReporter implements TestExecutionListener {

  /** Public for the service loader. */
  public SkipReporter() {}

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    System.out.println("[SKIPPED] " + name(test) + ": " + reason);
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
      String why = result.getThrowable().map(Throwable::getMessage).orElse("assumption failed");
      System.out.println("[SKIPPED] " + name(test) + ": " + why);
    }
  }

  private static String name(TestIdentifier test) {
    return test.getSource().filter(s -> s instanceof MethodSource).map(s -> (MethodSource) s)
        .map(m -> m.getClassName().substring(m.getClassName().lastIndexOf('.') + 1) + "."
            + m.getMethodName() + " " + test.getDisplayName())
        .orElse(test.getDisplayName());
  }
}
