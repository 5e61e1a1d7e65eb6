package io.geofusion.probe.remote;

import io.geofusion.formats.MeasurementReader;
import io.geofusion.formats.VantagePositions;
import io.geofusion.geo.LatLon;
import io.geofusion.locate.EvidenceAssembler;
import io.geofusion.locate.RecordedEvidence;
import io.geofusion.locate.VantageCandidate;
import io.geofusion.locate.VantageSelector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A RIPE Atlas run for one target, without the network: the plan (which probes, what it costs)
 * before anything is sent, and the evidence in the results after. Between the two,
 * {@link AtlasClient#createPing} and {@link AtlasClient#awaitResults}. Stateless.
 *
 * <pre>{@code
 * AtlasRun.Plan plan = AtlasRun.plan("192.0.2.7", guess, 50, archive.probes(), 20,
 *     AtlasPing.DEFAULT_PACKETS, AtlasPing.DEFAULT_SIZE);
 * System.out.println(plan.ping().credits() + " credits");
 * long id = client.createPing(plan.ping(), deadline);
 * AtlasClient.Poll poll = client.awaitResults(id, plan.probes().size(), deadline);
 * RecordedEvidence e = AtlasRun.evidence(poll.json(), "measurement " + id,
 *     VantagePositions.of(archive.positions()));
 * }</pre>
 */
public final class AtlasRun {

  private AtlasRun() {}

  /**
   * What a run will do.
   *
   * @param probes the probes chosen, with why
   * @param ping the measurement to create
   */
  public record Plan(List<VantageSelector.Choice> probes, AtlasPing ping) {

    /**
     * A plan.
     *
     * @param probes the probes
     * @param ping the measurement
     */
    public Plan {
      probes = List.copyOf(probes);
      Objects.requireNonNull(ping, "ping");
    }
  }

  /**
   * Chooses {@code n} probes with {@link VantageSelector#defaults()} and defines the ping.
   *
   * @param target the target's IP literal
   * @param guess the target's GeoIP position, or null (every pick is then spread)
   * @param accuracyKm the guess's accuracy radius, km
   * @param probes the candidate probes (e.g. {@link AtlasProbeArchive.Archive#probes()})
   * @param n probes to ask for, 1 to {@value AtlasPing#MAX_PROBES}
   * @param packets packets per probe
   * @param sizeBytes payload size
   * @return the plan
   * @throws IllegalArgumentException when no probe is eligible or an argument is out of range
   */
  public static Plan plan(String target, LatLon guess, double accuracyKm,
      List<VantageCandidate> probes, int n, int packets, int sizeBytes) {
    if (n < 1 || n > AtlasPing.MAX_PROBES) {
      throw new IllegalArgumentException("number of RIPE Atlas probes must be in [1, "
          + AtlasPing.MAX_PROBES + "], got " + n);
    }
    List<VantageSelector.Choice> chosen = VantageSelector.defaults().select(guess, accuracyKm,
        probes, n);
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("no connected RIPE Atlas probe with a position in the"
          + " probe archive; refresh it (--atlas-refresh-probes) or give another archive");
    }
    List<String> ids = new ArrayList<>(chosen.size());
    chosen.forEach(c -> ids.add(c.vantage().id()));
    int af = target.contains(":") ? 6 : 4;
    return new Plan(chosen, new AtlasPing(target, af, packets, sizeBytes, ids,
        "GeoFusion: where is " + target));
  }

  /**
   * The evidence in RIPE Atlas results (the JSON array of the results endpoint, or any file
   * {@link MeasurementReader} reads), each probe placed by its id in {@code positions}; results
   * from probes without a position are counted as unplaced.
   *
   * @param resultsJson the results
   * @param name what messages call them
   * @param positions probe positions by id
   * @return the evidence per target
   * @throws IOException when the results are not a measurement document
   */
  public static RecordedEvidence evidence(byte[] resultsJson, String name,
      VantagePositions positions) throws IOException {
    try (MeasurementReader r = MeasurementReader.open(new ByteArrayInputStream(resultsJson),
        name, null)) {
      return EvidenceAssembler.builder().positions(positions).build().assemble(r);
    }
  }
}
