package io.geofusion.cli;

import io.geofusion.formats.MeasurementFormatException;
import io.geofusion.formats.MeasurementReader;
import io.geofusion.formats.RecordProblem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opening recorded-measurement files with errors a user can act on. */
final class Inputs {

  private Inputs() {}

  /**
   * Opens {@code file}; every malformed record is reported on {@code err} with its line number
   * as it is met (the rest of the file is still read).
   */
  static MeasurementReader open(Path file, PrintWriter err) {
    if (!Files.exists(file)) {
      throw new Failure(file + ": no such file; check the path given to --input");
    }
    if (Files.isDirectory(file)) {
      throw new UsageError(file + " is a directory; --input takes one file");
    }
    try {
      return MeasurementReader.open(file, p -> report(err, file, p));
    } catch (MeasurementFormatException e) {
      throw new Failure(e.getMessage(), e);
    } catch (IOException e) {
      throw new Failure(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** {@code name:line} of a record, as warnings name it. */
  static String where(Path file, long line) {
    return file.getFileName() + ":" + line;
  }

  static void report(PrintWriter err, Path file, RecordProblem p) {
    err.println("geofusion: warning: " + where(file, p.line()) + ": "
        + (p.kind() == RecordProblem.Kind.SKIPPED ? "record skipped: " : "")
        + p.message());
    err.flush();
  }
}
