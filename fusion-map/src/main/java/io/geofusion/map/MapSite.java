package io.geofusion.map;

/** Placeholder until the site lands. */
public final class MapSite {
  private MapSite() {}
}
