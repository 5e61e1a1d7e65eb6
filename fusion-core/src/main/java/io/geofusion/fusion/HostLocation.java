package io.geofusion.fusion;

import io.geofusion.geo.LatLon;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a host is, as a distribution and never a bare point: what a located fusion result says
 * about the host's location ({@link FusionResult.Located#location()}), without the per-run parts (entity, 50 % circle, evidence scores,
 * diagnostics). This is what the entity graph stores for a located host, whole: the mixture
 * components with their covariances, the confidence circle, the host's class and the alerts.
 *
 * <p>Its JSON form is the host-location shape of docs/schemas/host-location.schema.json
 * ({@code location_distribution}, {@code host_class}, {@code alerts}), written and read by
 * {@code io.geofusion.json}.
 *
 * @param distribution the location mixture, at least one component; components read from a
 *     document that gave only centres have no covariance ({@link MixtureComponent#centroid})
 * @param circle the confidence circle around the estimate (the 90 % circle in fusion output), or
 *     {@code null} when the producer recorded none
 * @param hostClass the classifier's verdict; {@link HostClassification#UNKNOWN} when none was
 *     recorded
 * @param alerts inconsistency and anycast alerts, possibly empty
 */
public record HostLocation(LocationDistribution distribution, ConfidenceCircle circle,
    HostClassification hostClass, List<FusionAlert> alerts) {

  public HostLocation {
    Objects.requireNonNull(distribution, "a host location needs a distribution");
    if (distribution.components().isEmpty()) {
      throw new IllegalArgumentException("a host location needs at least one mixture component;"
          + " an abstention has no location");
    }
    Objects.requireNonNull(hostClass,
        "host class must not be null; use HostClassification.UNKNOWN");
    alerts = List.copyOf(alerts);
  }

  /** A location with a distribution and a circle, no class and no alerts. */
  public static HostLocation of(LocationDistribution distribution, ConfidenceCircle circle) {
    return new HostLocation(distribution, circle, HostClassification.UNKNOWN, List.of());
  }

  /**
   * A location with one component of weight 1 at {@code position} whose spread is unknown, an
   * uncertainty of {@code uncertaintyKm} and no circle.
   */
  public static HostLocation point(LatLon position, double uncertaintyKm) {
    return of(new LocationDistribution(List.of(MixtureComponent.centroid(position, 1.0)),
        uncertaintyKm), null);
  }

  /** The confidence circle, if the producer recorded one. */
  public Optional<ConfidenceCircle> confidenceCircle() {
    return Optional.ofNullable(circle);
  }

  /** The mixture's overall spread, km: {@code distribution().uncertaintyKm()}. */
  public double uncertaintyKm() {
    return distribution.uncertaintyKm();
  }

  /** The heaviest component's mean (the first one on ties): the host's single best guess. */
  public LatLon bestGuess() {
    MixtureComponent best = distribution.components().get(0);
    for (MixtureComponent c : distribution.components()) {
      if (c.weight() > best.weight()) {
        best = c;
      }
    }
    return best.mean();
  }
}
