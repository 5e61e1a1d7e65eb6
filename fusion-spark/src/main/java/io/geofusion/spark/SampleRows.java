package io.geofusion.spark;

import io.geofusion.formats.Measurement;
import io.geofusion.formats.MeasurementReader;
import io.geofusion.formats.VantagesCsv;
import io.geofusion.locate.EvidenceAssembler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;

/**
 * One partition of result lines → the placed samples in it ({@link Schemas#SAMPLE}): the
 * library's {@link MeasurementReader} reads the partition as a file (every format and firmware
 * it reads, malformed lines counted and skipped), and {@link EvidenceAssembler#samples} with
 * hop targets turns each record into samples. Lazy: one record in memory at a time.
 */
final class SampleRows implements MapPartitionsFunction<String, Row> {

  private static final long serialVersionUID = 1L;

  private final Broadcast<byte[]> probes;
  private final String probesName;
  private final JobCounters counters;

  SampleRows(Broadcast<byte[]> probes, String probesName, JobCounters counters) {
    this.probes = probes;
    this.probesName = probesName;
    this.counters = counters;
  }

  @Override
  public Iterator<Row> call(Iterator<String> lines) throws IOException {
    Iterator<String> content = new NonBlankStart(lines);
    if (!content.hasNext()) {
      return Collections.emptyIterator();
    }
    // Parsed per partition (about 10 ms for the 10,009-probe archive): no state outlives a task.
    EvidenceAssembler assembler = EvidenceAssembler.builder()
        .positions(VantagesCsv.read(new ByteArrayInputStream(probes.value()), probesName))
        .hopTargets(true)
        .build();
    MeasurementReader reader = MeasurementReader.open(new LineStream(content), "results",
        p -> counters.problems().add(1));
    Iterator<Measurement> records = reader.iterator();
    return new Iterator<>() {
      private final ArrayDeque<Row> pending = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        while (pending.isEmpty() && records.hasNext()) {
          Measurement m = records.next();
          counters.records().add(1);
          for (EvidenceAssembler.Sample s : assembler.samples(m)) {
            pending.add(RowFactory.create(s.target(), s.vantageId(), s.at().lat(), s.at().lon(),
                s.minRttMs(), s.jitterMs()));
          }
        }
        if (pending.isEmpty()) {
          try {
            reader.close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        return !pending.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        counters.samples().add(1);
        return pending.poll();
      }
    };
  }

  /** The lines from the first non-blank one on (a partition of blank lines has none). */
  private static final class NonBlankStart implements Iterator<String> {
    private final Iterator<String> lines;
    private String first;
    private boolean started;

    NonBlankStart(Iterator<String> lines) {
      this.lines = lines;
    }

    @Override
    public boolean hasNext() {
      if (!started) {
        started = true;
        while (lines.hasNext()) {
          String s = lines.next();
          if (!s.isBlank()) {
            first = s;
            break;
          }
        }
      }
      return first != null || lines.hasNext();
    }

    @Override
    public String next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      if (first != null) {
        String s = first;
        first = null;
        return s;
      }
      return lines.next();
    }
  }
}
