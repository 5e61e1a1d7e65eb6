package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Failures outside the command's thread: one line, and out of memory ends the run. */
class UncaughtHandlerTest {

  private static String runInThread(Throwable failure, boolean verbose, AtomicInteger exit)
      throws InterruptedException {
    StringWriter sw = new StringWriter();
    Thread t = new Thread(() -> {
      if (failure instanceof Error er) {
        throw er;
      }
      throw (RuntimeException) failure;
    }, "HttpClient-1-SelectorManager");
    t.setUncaughtExceptionHandler(
        GeoFusionCommand.uncaughtHandler(new PrintWriter(sw), verbose, exit::set));
    t.start();
    t.join();
    return sw.toString();
  }

  @Test
  void uncaught_outOfMemoryInAnotherThread_printsTheOneLineAndExits1() throws Exception {
    AtomicInteger exit = new AtomicInteger(-1);

    String err = runInThread(new OutOfMemoryError("Java heap space"), false, exit);

    assertThat(err).isEqualTo(GeoFusionCommand.OUT_OF_MEMORY + System.lineSeparator());
    assertThat(exit.get()).isEqualTo(1);
  }

  @Test
  void uncaught_otherFailure_isOneLineAndDoesNotExit() throws Exception {
    AtomicInteger exit = new AtomicInteger(-1);

    String err = runInThread(new UncheckedIOException(new java.io.IOException("gone")), false,
        exit);

    assertThat(err.lines()).singleElement().satisfies(l -> assertThat(l)
        .startsWith("geofusion: error: thread HttpClient-1-SelectorManager failed:"));
    assertThat(exit.get()).isEqualTo(-1);
  }

  @Test
  void uncaught_verbose_addsTheStack() throws Exception {
    String err = runInThread(new OutOfMemoryError("Java heap space"), true, new AtomicInteger());
    assertThat(err).contains(GeoFusionCommand.OUT_OF_MEMORY).contains("\tat ");
  }
}
