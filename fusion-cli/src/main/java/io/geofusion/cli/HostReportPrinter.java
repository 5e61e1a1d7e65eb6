package io.geofusion.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.json.HostReportJson;
import io.geofusion.locate.HostReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints located hosts as {@code analyze} does in each output mode: the text report per host,
 * one {@code HOST_LOCATION} event per line, or one {@code {"results": [...]}} document at the
 * end ({@link #finish}). Not thread-safe.
 */
final class HostReportPrinter {

  private final OutputOptions.Mode mode;
  private final PrintWriter out;
  private final boolean anonymousIpDatabase;
  private final List<ObjectNode> documents = new ArrayList<>();

  /**
   * @param anonymousIpDatabase whether an anonymous-IP database was consulted (then every host
   *     says whether it is listed)
   */
  HostReportPrinter(OutputOptions.Mode mode, PrintWriter out, boolean anonymousIpDatabase) {
    this.mode = mode;
    this.out = out;
    this.anonymousIpDatabase = anonymousIpDatabase;
  }

  /** Prints {@code h} (text, NDJSON) or keeps it for {@link #finish} (JSON). */
  void print(HostReport h) {
    switch (mode) {
      case NDJSON -> out.println(HostReportJson.eventLine(h, anonymousIpDatabase));
      case JSON -> documents.add(HostReportJson.document(h, anonymousIpDatabase));
      case TEXT -> {
        HostReportText.printReport(out, h.result().entity(), h, anonymousIpDatabase);
        HostReportText.printWarnings(out, h.result());
        out.println();
      }
      default -> throw new IllegalStateException("unknown mode " + mode);
    }
  }

  /** Prints the JSON document of every host given (JSON mode; nothing otherwise). */
  void finish() {
    if (mode == OutputOptions.Mode.JSON) {
      out.println(HostReportJson.results(documents));
    }
  }
}
