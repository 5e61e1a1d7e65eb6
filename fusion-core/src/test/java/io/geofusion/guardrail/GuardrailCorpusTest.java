package io.geofusion.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Runs the generated corpus (origin failure modes, see {@link GuardrailCorpus}) through the
 * default guardrail, checks every line against its ground truth, and prints the share of edges
 * recovered and dropped per stage.
 */
class GuardrailCorpusTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  static List<String> corpusLines() throws IOException {
    try (InputStream in = GuardrailCorpusTest.class.getClassLoader()
        .getResourceAsStream(GuardrailCorpus.FILE)) {
      assertThat(in).as("test resource " + GuardrailCorpus.FILE).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  @Test
  void corpusFile_matchesGenerator() throws IOException {
    List<String> generated = GuardrailCorpus.generate();
    if (Boolean.getBoolean("geofusion.regenerate")) {
      Path p = Path.of("src/test/resources", GuardrailCorpus.FILE);
      Files.write(p, generated, StandardCharsets.UTF_8);
    }
    assertThat(corpusLines()).as("corpus.jsonl is stale: rerun with -Dgeofusion.regenerate=true")
        .isEqualTo(generated);
  }

  @Test
  void corpus_defaultGuardrail_meetsGroundTruthPerCategory() throws IOException {
    Guardrail g = Guardrail.builder().build();
    Map<String, int[]> byCase = new TreeMap<>(); // [total, correct, wrong-accept, dropped]
    List<String> mismatches = new ArrayList<>();
    EdgeKindRegistry reg = EdgeKindRegistry.bundled();
    int strictOnly = 0; // what a check without the guardrail keeps: exact kind, both ends, no loop
    for (String line : corpusLines()) {
      JsonNode j = MAPPER.readTree(line);
      EdgeCandidate raw = EdgeCandidate.fromJson(j);
      if (raw.kind() != null && reg.validKinds().contains(raw.kind()) && raw.src() != null
          && raw.dst() != null && !raw.src().equals(raw.dst())) {
        strictOnly++;
      }
      String c = j.get("_case").asText();
      JsonNode expect = j.get("_expect");
      EdgeOutcome o = g.process(EdgeCandidate.fromJson(j));
      int[] t = byCase.computeIfAbsent(c, k -> new int[4]);
      t[0]++;
      boolean correct;
      if (expect.get("outcome").asText().equals("accept")) {
        correct = o.accepted() && o.edge().kind().equals(expect.get("kind").asText());
        if (o.accepted() && !correct) {
          t[2]++;
        }
      } else {
        correct = !o.accepted() && o.stage().equals(expect.get("stage").asText())
            && o.reason().equals(expect.get("reason").asText());
        if (o.accepted()) {
          t[2]++;
        }
      }
      if (!o.accepted()) {
        t[3]++;
      }
      if (correct) {
        t[1]++;
      } else if (!c.equals("synonym")) {
        mismatches.add(c + ": " + line + " -> " + (o.accepted() ? o.edge().toJson()
            : o.toRejectJson()));
      }
    }
    GuardrailStats s = g.stats();
    System.out.println(report(byCase, s));
    System.out.printf(Locale.ROOT, "without the guardrail (exact kinds only): %d of %d kept (%.1f %%);"
        + " with it: %d (%.1f %%)%n", strictOnly, s.get(GuardrailCounter.SEEN),
        100.0 * strictOnly / s.get(GuardrailCounter.SEEN), s.accepted(),
        100.0 * s.accepted() / s.get(GuardrailCounter.SEEN));
    assertThat(mismatches).as("lines whose outcome differs from the ground truth").isEmpty();
    // No invented synonym may be mapped to a wrong kind.
    assertThat(byCase.get("synonym")[2]).as("synonyms accepted with a wrong kind").isZero();
    assertThat(s.get(GuardrailCounter.SEEN)).isEqualTo(corpusLines().size());
    assertThat(s.accepted() + s.dropped()).isEqualTo(s.get(GuardrailCounter.SEEN));
  }

  static String report(Map<String, int[]> byCase, GuardrailStats s) {
    StringBuilder b = new StringBuilder("\nGuardrail corpus (default registry, deterministic "
        + "repairer)\ncase                        total  correct  wrong  dropped\n");
    byCase.forEach((k, t) -> b.append(String.format(Locale.ROOT, "%-26s %6d %8d %6d %8d%n", k,
        t[0], t[1], t[2], t[3])));
    long seen = s.get(GuardrailCounter.SEEN);
    b.append(String.format(Locale.ROOT, "%nseen %d%n", seen));
    for (GuardrailCounter c : new GuardrailCounter[] {GuardrailCounter.ACCEPTED_CLEAN,
        GuardrailCounter.RECOVERED_CANONICALISE, GuardrailCounter.RECOVERED_HEAL,
        GuardrailCounter.RECOVERED_REPAIR, GuardrailCounter.DROPPED_CANONICALISE,
        GuardrailCounter.DROPPED_HEAL, GuardrailCounter.DROPPED_VALIDATE}) {
      b.append(String.format(Locale.ROOT, "%-24s %5d  %5.1f %%%n", c.jsonName(), s.get(c),
          100.0 * s.get(c) / seen));
    }
    b.append("dropped by reason ").append(s.droppedByReason()).append('\n');
    return b.toString();
  }
}
