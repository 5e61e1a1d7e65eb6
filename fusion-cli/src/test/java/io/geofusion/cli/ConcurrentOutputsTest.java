package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.graph.EntityGraph;
import io.geofusion.graph.NodeKind;
import io.geofusion.json.GraphSnapshots;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every output several processes may write at once, written by 8 real processes (child JVMs
 * running the command line) on one path: nothing is lost and nothing is half-written
 * (issue 19, docs/reliability.md "Concurrent writers").
 */
class ConcurrentOutputsTest {

  private static final int PROCESSES = 8;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  /** Starts the command line in its own JVM; the returned process has stderr merged. */
  private Process start(Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Xmx256m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(GeoFusionCommand.class.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("GEOFUSION_CONFIG", "/dev/null");
    return pb.start();
  }

  private void awaitAll(List<Process> ps, List<Path> logs) throws Exception {
    for (int i = 0; i < ps.size(); i++) {
      // Liveness only: 8 JVMs on a busy 2-core machine.
      assertThat(ps.get(i).waitFor(5, TimeUnit.MINUTES)).as("process %d finished", i).isTrue();
      assertThat(ps.get(i).exitValue()).as("process %d: %s", i, Files.readString(logs.get(i)))
          .isZero();
    }
  }

  @Test
  void graphLoad_eightProcessesOnOneSnapshot_keepEveryEdge() throws Exception {
    Path snap = dir.resolve("g.json");
    List<Process> ps = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    int perProcess = 300;
    for (int p = 0; p < PROCESSES; p++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < perProcess; i++) {
        sb.append("{\"src\":\"host:10.").append(p).append('.').append(i / 256).append('.')
            .append(i % 256).append("\",\"kind\":\"INFERRED_HOST_IN_ORG\",\"dst\":\"asn:")
            .append(64512 + p).append("\"}\n");
      }
      Path in = Files.writeString(dir.resolve("edges" + p + ".jsonl"), sb);
      Path log = dir.resolve("load" + p + ".log");
      logs.add(log);
      ps.add(start(log, "graph", "load", "--snapshot", snap.toString(), in.toString()));
    }
    awaitAll(ps, logs);
    try (EntityGraph g = EntityGraph.builder().buildFrom(snap, GraphSnapshots.FORMAT)) {
      assertThat(g.edgeCount()).isEqualTo((long) PROCESSES * perProcess);
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void pcapGraph_eightProcessesOnOneSnapshot_keepEveryCapture() throws Exception {
    Path snap = dir.resolve("g.json");
    List<Process> ps = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    for (int p = 0; p < PROCESSES; p++) {
      byte[] cap = PcapCommandTest.handshake();
      // A different first-packet timestamp: a different capture (content hash) per process.
      ByteBuffer.wrap(cap).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 1_600_000_000 + p);
      Path f = Files.write(dir.resolve("c" + p + ".pcap"), cap);
      Path log = dir.resolve("pcap" + p + ".log");
      logs.add(log);
      ps.add(start(log, "pcap", "--graph", snap.toString(), f.toString()));
    }
    awaitAll(ps, logs);
    try (EntityGraph g = EntityGraph.builder().buildFrom(snap, GraphSnapshots.FORMAT)) {
      assertThat(g.nodes().stream().filter(n -> n.kind() == NodeKind.CAPTURE).count())
          .isEqualTo(PROCESSES);
    }
  }

  @Test
  void guardrail_eightProcessesOnOneOut_leaveOneCompleteOutput() throws Exception {
    Path out = dir.resolve("accepted.jsonl");
    Path rejects = dir.resolve("rejects.jsonl");
    List<Process> ps = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    int lines = 2000;
    for (int p = 0; p < PROCESSES; p++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < lines; i++) {
        sb.append("{\"src\":\"host:10.").append(p).append('.').append(i / 256).append('.')
            .append(i % 256).append("\",\"kind\":\"FLOW_TO_HOST\",\"dst\":\"host:192.0.2.")
            .append(p).append("\"}\n");
        sb.append("{\"src\":\"host:10.").append(p).append(".0.1\",\"kind\":\"XQZ_PLORT\","
            + "\"dst\":\"host:192.0.2.7\"}\n");
      }
      Path in = Files.writeString(dir.resolve("in" + p + ".jsonl"), sb);
      Path log = dir.resolve("guard" + p + ".log");
      logs.add(log);
      ps.add(start(log, "guardrail", "--input", in.toString(), "--out", out.toString(),
          "--rejects", rejects.toString()));
    }
    awaitAll(ps, logs);
    List<String> acc = Files.readAllLines(out);
    assertThat(acc).hasSize(lines);
    String prefix = MAPPER.readTree(acc.get(0)).path("src").asText()
        .substring(0, "host:10.0.".length());
    for (String l : acc) {
      JsonNode j = MAPPER.readTree(l); // every line parses
      assertThat(j.path("src").asText()).as("one run's output, not a mix").startsWith(prefix);
    }
    List<String> rej = Files.readAllLines(rejects);
    assertThat(rej).hasSize(lines);
    for (String l : rej) {
      assertThat(MAPPER.readTree(l).isObject()).isTrue();
    }
  }

  @Test
  void guardrail_eightProcessesOnOneTrainingLog_keepEveryLineWhole() throws Exception {
    Path trainingLog = dir.resolve("training.jsonl");
    List<Process> ps = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    int lines = 150;
    // Each line of the log is about 20 KB, above any writer's 8 KiB buffer: a line then takes
    // several writes, and the writes of parallel runs could interleave.
    String kind = "XQZ_" + "P".repeat(10_000);
    for (int p = 0; p < PROCESSES; p++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < lines; i++) {
        sb.append("{\"src\":\"host:10.").append(p).append(".0.").append(i)
            .append("\",\"kind\":\"").append(kind).append("\",\"dst\":\"host:192.0.2.7\"}\n");
      }
      Path in = Files.writeString(dir.resolve("tin" + p + ".jsonl"), sb);
      Path log = dir.resolve("tguard" + p + ".log");
      logs.add(log);
      ps.add(start(log, "guardrail", "--input", in.toString(), "--training-log",
          trainingLog.toString()));
    }
    awaitAll(ps, logs);
    List<String> all = Files.readAllLines(trainingLog);
    java.util.Set<String> sources = new java.util.HashSet<>();
    for (String l : all) {
      JsonNode j = MAPPER.readTree(l); // every line parses: none was torn
      sources.add(j.path("input").path("src").asText());
    }
    assertThat(all).hasSize(PROCESSES * lines);
    assertThat(sources).hasSize(PROCESSES * lines);
  }
}
