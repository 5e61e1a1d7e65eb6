package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight {@code pcap URL} processes downloading the same capture into one staging folder (issue
 * 19: they failed or analysed a half-written file). A real HTTP server on 127.0.0.1 sends the
 * capture in slow pieces so that the transfers overlap; every process must analyse the whole
 * capture, and the folder must hold only complete files.
 */
class ConcurrentStagingTest {

  private static final int PROCESSES = 8;
  private static final int HANDSHAKES = 5_000;

  @TempDir Path dir;

  /** The handshake capture of {@code PcapCommandTest}, its three packets repeated. */
  private static byte[] capture() {
    byte[] one = PcapCommandTest.handshake();
    int body = one.length - 24;
    byte[] all = new byte[24 + HANDSHAKES * body];
    System.arraycopy(one, 0, all, 0, 24);
    for (int i = 0; i < HANDSHAKES; i++) {
      System.arraycopy(one, 24, all, 24 + i * body, body);
    }
    return all;
  }

  @Test
  void pcapUrl_eightProcessesOnOneStagingFolder_eachAnalysesTheWholeCapture() throws Exception {
    byte[] capture = capture();
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/c.pcap", ex -> {
      ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
      if (ex.getRequestMethod().equals("HEAD")) {
        ex.getResponseHeaders().set("Content-Length", Integer.toString(capture.length));
        ex.sendResponseHeaders(200, -1);
        ex.close();
        return;
      }
      ex.sendResponseHeaders(200, capture.length);
      try (OutputStream o = ex.getResponseBody()) {
        for (int off = 0; off < capture.length; off += 64 << 10) {
          o.write(capture, off, Math.min(64 << 10, capture.length - off));
          o.flush();
          Thread.sleep(20);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException gone) {
        // the client went away
      }
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/c.pcap";
      Path staging = dir.resolve("staging");
      List<Process> ps = new ArrayList<>();
      List<Path> outs = new ArrayList<>();
      for (int i = 0; i < PROCESSES; i++) {
        Path out = dir.resolve("out" + i + ".json");
        outs.add(out);
        ProcessBuilder pb = new ProcessBuilder(
            ProcessHandle.current().info().command().orElse("java"), "-XX:TieredStopAtLevel=1",
            "-Xmx256m", "-cp", System.getProperty("java.class.path"),
            GeoFusionCommand.class.getName(), "pcap", "--json", "--staging", staging.toString(),
            "--ledger", dir.resolve("ledger" + i + ".tsv").toString(), url)
            .redirectOutput(out.toFile()).redirectError(dir.resolve("err" + i).toFile());
        pb.environment().put("GEOFUSION_CONFIG", "/dev/null");
        ps.add(pb.start());
      }
      ObjectMapper m = new ObjectMapper();
      for (int i = 0; i < PROCESSES; i++) {
        // Liveness only: 8 JVMs on a busy 2-core machine.
        assertThat(ps.get(i).waitFor(5, TimeUnit.MINUTES)).as("process %d finished", i).isTrue();
        String err = Files.readString(dir.resolve("err" + i));
        assertThat(ps.get(i).exitValue()).as("process %d: %s", i, err).isZero();
        assertThat(m.readTree(outs.get(i).toFile()).get("captures").get(0).get("packets")
            .asLong()).as("process %d analysed the whole capture", i).isEqualTo(3L * HANDSHAKES);
      }
      try (Stream<Path> files = Files.list(staging)) {
        List<Path> staged = files.filter(p -> !p.getFileName().toString().startsWith("."))
            .toList();
        assertThat(staged).isNotEmpty().allSatisfy(p -> {
          assertThat(p.getFileName().toString()).doesNotEndWith(".part");
          assertThat(Files.readAllBytes(p)).as(p.toString()).isEqualTo(capture);
        });
      }
    } finally {
      server.stop(0);
    }
  }
}
