package io.geofusion.fusion;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything known about one target.
 *
 * @param entity name of the target (address or id), used in results and JSON
 * @param vantages RTT observations from vantages with known positions (may be empty)
 * @param geoIp what a GeoIP database says, or {@code null} when nothing
 * @param rf radio bearings (may be empty)
 * @param signals facts for host classification
 */
public record FusionInput(String entity, List<VantageObservation> vantages, GeoIpEvidence geoIp,
    List<RfBearing> rf, HostSignals signals) {

  public FusionInput {
    Objects.requireNonNull(entity, "entity must not be null (use \"\" when anonymous)");
    vantages = List.copyOf(Objects.requireNonNull(vantages, "vantages must not be null"));
    rf = List.copyOf(Objects.requireNonNull(rf, "rf must not be null"));
    signals = signals == null ? HostSignals.NONE : signals;
  }

  /** The GeoIP evidence, if any. */
  public Optional<GeoIpEvidence> geoIpEvidence() {
    return Optional.ofNullable(geoIp);
  }

  /** A builder with no evidence. */
  public static Builder builder(String entity) {
    return new Builder(entity);
  }

  /** Collects evidence for one target; not thread-safe. */
  public static final class Builder {
    private final String entity;
    private final List<VantageObservation> vantages = new ArrayList<>();
    private final List<RfBearing> rf = new ArrayList<>();
    private GeoIpEvidence geoIp;
    private HostSignals signals = HostSignals.NONE;

    private Builder(String entity) {
      this.entity = Objects.requireNonNull(entity, "entity must not be null");
    }

    public Builder vantage(VantageObservation v) {
      vantages.add(Objects.requireNonNull(v, "vantage must not be null"));
      return this;
    }

    public Builder vantages(List<VantageObservation> vs) {
      vs.forEach(this::vantage);
      return this;
    }

    public Builder geoIp(GeoIpEvidence g) {
      this.geoIp = g;
      return this;
    }

    public Builder rf(RfBearing b) {
      rf.add(Objects.requireNonNull(b, "rf bearing must not be null"));
      return this;
    }

    public Builder signals(HostSignals s) {
      this.signals = Objects.requireNonNull(s, "signals must not be null");
      return this;
    }

    public FusionInput build() {
      return new FusionInput(entity, vantages, geoIp, rf, signals);
    }
  }
}
