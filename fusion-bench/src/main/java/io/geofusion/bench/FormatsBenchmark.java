package io.geofusion.bench;

import com.fasterxml.jackson.core.JsonParser;
import io.geofusion.formats.MeasurementReader;
import io.geofusion.text.JsonTrees;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading RIPE Atlas traceroutes: the msm5004 file (17,816 UDP Paris traceroutes, 3.9 MB gzip,
 * 41 MB JSON Lines) from {@code geofusion.shared.data} (default {@code ../shared/data}), through
 * {@link MeasurementReader} into {@code TraceMeasurement}s. One operation reads the whole file;
 * records/s = records ÷ (ms/op ÷ 1000). {@code gzipFromMemory} includes inflating;
 * {@code plainFromMemory} is the same JSON already inflated (parsing and mapping only). Without
 * the shared data a synthetic file of the same shape is generated (said on stderr).
 *
 * <p>{@code treesOnlyFromMemory} only parses each line of the inflated file into a Jackson tree,
 * decoding nothing: what every RIPE Atlas traceroute cost before it was read by a byte scanner
 * into the decoder's fields (docs/decisions/cli-startup.md §6), and a floor for that old path,
 * which decoded the tree on top. {@code plainFromMemory} below it means the scanner plus the
 * decoding costs less than the tree alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class FormatsBenchmark {

  static final String MSM5004 = "ripe-atlas-msm5004-traceroutes/2015-10-20_00-00-00_msmId5004.json.gz";

  byte[] gzip;
  byte[] plain;

  @Setup
  public void setup() throws IOException {
    Path base = Path.of(System.getProperty("geofusion.shared.data", "../shared/data"));
    Path file = base.resolve(MSM5004);
    if (Files.isRegularFile(file)) {
      gzip = Files.readAllBytes(file);
    } else {
      System.err.println("FormatsBenchmark: " + file + " absent; using a synthetic file of"
          + " 17,816 traceroutes");
      gzip = synthetic(17_816);
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      plain = in.readAllBytes();
    }
  }

  static byte[] synthetic(int n) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      for (int i = 0; i < n; i++) {
        StringBuilder sb = new StringBuilder(2048);
        sb.append("{\"fw\":4720,\"type\":\"traceroute\",\"prb_id\":").append(i)
            .append(",\"msm_id\":5004,\"from\":\"198.51.100.").append(i % 250)
            .append("\",\"dst_addr\":\"192.5.5.241\",\"proto\":\"UDP\",\"timestamp\":1445299200,")
            .append("\"result\":[");
        for (int h = 1; h <= 9; h++) {
          sb.append(h > 1 ? "," : "").append("{\"hop\":").append(h).append(",\"result\":[");
          for (int k = 0; k < 3; k++) {
            sb.append(k > 0 ? "," : "").append("{\"from\":\"203.0.113.").append(h)
                .append("\",\"rtt\":").append(h * 3.25 + k * 0.125).append(",\"size\":28,\"ttl\":")
                .append(255 - h).append('}');
          }
          sb.append("]}");
        }
        sb.append("]}\n");
        out.write(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return bytes.toByteArray();
  }

  static long readAll(byte[] data) {
    long n = 0;
    try (MeasurementReader r = MeasurementReader.open(new ByteArrayInputStream(data), "bench",
        null)) {
      io.geofusion.formats.Measurement m;
      while ((m = r.read()) != null) {
        n += m.line() > 0 ? 1 : 0;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return n;
  }

  @Benchmark
  public long gzipFromMemory() {
    return readAll(gzip);
  }

  @Benchmark
  public long plainFromMemory() {
    return readAll(plain);
  }

  @Benchmark
  public long treesOnlyFromMemory() throws IOException {
    long n = 0;
    int from = 0;
    for (int i = 0; i <= plain.length; i++) {
      if (i == plain.length || plain[i] == '\n') {
        if (i > from) {
          try (JsonParser p = JsonTrees.parser(plain, from, i - from)) {
            n += JsonTrees.read(p).size();
          }
        }
        from = i + 1;
      }
    }
    return n;
  }
}
