package io.geofusion.testing;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Seeds for randomised tests, replayable: {@link #seed()} takes {@code -Dgeofusion.seed} when it
 * is set and a fresh seed otherwise, and remembers it for the running test. Register the class as
 * an extension ({@code @ExtendWith(Seeds.class)}) and a failing test prints the seed it used on
 * the console, with the option that replays it, and carries it as a suppressed exception in its
 * report:
 *
 * <pre>{@code
 * ./mvnw -B verify -pl fusion-core -Dtest=GraphStressTest -Dgeofusion.seed=123456789
 * }</pre>
 */
public final class Seeds implements BeforeEachCallback, TestExecutionExceptionHandler {

  /** The system property that fixes the seed of every randomised test. */
  public static final String PROPERTY = "geofusion.seed";

  private static final ThreadLocal<Long> CURRENT = new ThreadLocal<>();

  /** Public for JUnit; tests call the static methods. */
  public Seeds() {}

  /**
   * The seed for this test: {@code -Dgeofusion.seed} if set, else {@link System#nanoTime()}.
   * Remembered for the running test so that its failure names it.
   */
  public static long seed() {
    long seed = Long.getLong(PROPERTY, System.nanoTime());
    CURRENT.set(seed);
    return seed;
  }

  /**
   * The seed for a test that runs a fixed case set by default: {@code -Dgeofusion.seed} if set
   * (to explore other cases), else {@code fixed}. Remembered like {@link #seed()}.
   */
  public static long seedOr(long fixed) {
    long seed = Long.getLong(PROPERTY, fixed);
    CURRENT.set(seed);
    return seed;
  }

  /** "seed N (rerun with -Dgeofusion.seed=N)", for assertion descriptions. */
  public static String describe(long seed) {
    return "seed " + seed + " (rerun with -D" + PROPERTY + "=" + seed + ")";
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    CURRENT.remove();
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    Long seed = CURRENT.get();
    if (seed != null) {
      String line = context.getRequiredTestClass().getSimpleName() + "."
          + context.getRequiredTestMethod().getName() + " failed with " + describe(seed);
      System.out.println(line);
      failure.addSuppressed(new SeedNote(line));
    }
    throw failure;
  }

  /** Carries the seed into the failure's report (no stack: the note is all it says). */
  private static final class SeedNote extends Exception {
    private static final long serialVersionUID = 1L;

    SeedNote(String message) {
      super(message, null, false, false);
    }
  }
}
