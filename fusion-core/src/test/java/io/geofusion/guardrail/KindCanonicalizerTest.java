package io.geofusion.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KindCanonicalizerTest {

  private final KindCanonicalizer c = new KindCanonicalizer(EdgeKindRegistry.bundled());

  @Test
  void canonicalize_everyAlias_mapsToItsKind() {
    EdgeKindRegistry r = EdgeKindRegistry.bundled();
    r.aliases().forEach((alias, kind) -> {
      Canonicalization x = c.canonicalize(alias);
      assertThat(x.method()).as(alias).isEqualTo(Canonicalization.Method.ALIAS);
      assertThat(x.kind()).as(alias).isEqualTo(kind);
    });
  }

  @Test
  void canonicalize_nearMissSpelling_resolvesBySimilarity() {
    Canonicalization x = c.canonicalize("FLOW_FROM_HOSTS");
    assertThat(x.method()).isEqualTo(Canonicalization.Method.SIMILAR);
    assertThat(x.kind()).isEqualTo("INFERRED_FLOW_IN_SERVICE");
    assertThat(x.nearest()).isEqualTo("FLOW_FROM_HOST");
    assertThat(x.score()).isGreaterThanOrEqualTo(0.7).isLessThan(1.0);
    assertThat(c.canonicalize("INFERED_HOST_IN_ORG").kind()).isEqualTo("INFERRED_HOST_IN_ORG");
    // Short names with merged tokens fall below stage 1's bar; the repairer's looser,
    // endpoint-filtered bar catches them (GuardrailTest).
    assertThat(c.canonicalize("PORTHUB").method()).isEqualTo(Canonicalization.Method.UNKNOWN);
  }

  @Test
  void canonicalize_observedKinds_areFlaggedEvenWhenMisspelt() {
    assertThat(c.canonicalize("FLOW_OBSERVED_HOST").method())
        .isEqualTo(Canonicalization.Method.OBSERVED);
    assertThat(c.canonicalize("flow observed hosts").method())
        .isEqualTo(Canonicalization.Method.OBSERVED);
    Canonicalization typo = c.canonicalize("FLOW_OBSRVED_HOST");
    assertThat(typo.method()).isEqualTo(Canonicalization.Method.OBSERVED);
    assertThat(typo.kind()).isNull();
  }

  @Test
  void canonicalize_garbageAndMissing_areNotResolved() {
    assertThat(c.canonicalize("XQZ_PLORT").method()).isEqualTo(Canonicalization.Method.UNKNOWN);
    assertThat(c.canonicalize("???").method()).isEqualTo(Canonicalization.Method.UNKNOWN);
    assertThat(c.canonicalize(null).method()).isEqualTo(Canonicalization.Method.MISSING);
    assertThat(c.canonicalize("  ").method()).isEqualTo(Canonicalization.Method.MISSING);
  }

  @Test
  void canonicalize_pluggableEmbedder_replacesDefaultSimilarity() {
    // A toy "semantic" embedder: dimension 0 = organisation-ness, 1 = flow-ness.
    KindEmbedder semantic = k -> new double[] {
        k.contains("ORG") || k.contains("ASN") || k.contains("OPERATED") ? 1 : 0,
        k.contains("FLOW") || k.contains("SESSION") || k.contains("TALKS") ? 1 : 0,
        k.contains("PORT") || k.contains("SERVICE") && !k.contains("FLOW") ? 1 : 0};
    KindCanonicalizer s = new KindCanonicalizer(EdgeKindRegistry.bundled(), semantic, 0.9);
    assertThat(s.canonicalize("OPERATED_BY").kind()).isEqualTo("INFERRED_HOST_IN_ORG");
    assertThat(s.canonicalize("TALKS_TO").kind()).isEqualTo("INFERRED_FLOW_IN_SERVICE");
    assertThat(c.canonicalize("TALKS_TO").kind()).as("default has no synonyms").isNull();
  }

  @Test
  void canonicalize_isDeterministic() {
    for (String k : new String[] {"FLOW_FROM_HOSTS", "HOST_IN_ASNS", "XQZ"}) {
      assertThat(new KindCanonicalizer(EdgeKindRegistry.bundled()).canonicalize(k))
          .isEqualTo(c.canonicalize(k));
    }
  }
}
