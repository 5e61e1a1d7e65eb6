package io.geofusion.probe.remote;

import io.geofusion.geo.LatLon;
import java.net.URI;
import java.util.Objects;

/**
 * One GeoFusion agent to probe from.
 *
 * @param id the agent's id in results (its observations are named {@code agent:ID})
 * @param url the agent's base URL; requests go to {@code url + } {@value AgentHandler#PATH}
 * @param token the bearer token it accepts
 * @param at where the agent is
 */
public record AgentVantage(String id, URI url, String token, LatLon at) {

  /**
   * A checked agent.
   *
   * @param id the id: letters, digits, {@code . _ -}, 1 to 64
   * @param url an http(s) URL
   * @param token 16 to 512 visible ASCII characters
   * @param at the position
   */
  public AgentVantage {
    if (id == null || !id.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("agent id must be 1-64 letters, digits, '.', '_' or"
          + " '-', got '" + id + "'");
    }
    Objects.requireNonNull(url, "url");
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())
        || url.getHost() == null) {
      throw new IllegalArgumentException("agent URL must be http(s)://HOST[:PORT][/PATH], got '"
          + url + "'");
    }
    AgentHandler.checkToken(token);
    Objects.requireNonNull(at, "agent '" + id + "' needs a position");
  }

  /**
   * The observation name of this agent's RTTs.
   *
   * @return {@code agent:ID}
   */
  public String vantageId() {
    return "agent:" + id;
  }

  /**
   * The endpoint the agent protocol posts to.
   *
   * @return the URL of {@value AgentHandler#PATH} under {@link #url()}
   */
  public URI endpoint() {
    String base = url.toString();
    return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
        + AgentHandler.PATH);
  }

  @Override
  public String toString() {
    return "AgentVantage[" + id + ", " + url + ", " + at + "]"; // never the token
  }
}
