/**
 * Coordinates and geodesy on the WGS84 ellipsoid: {@link io.geofusion.geo.LatLon}, geodesic
 * distance and destination, and circles and regions as polygons (written as RFC 7946 GeoJSON by
 * {@code io.geofusion.json.GeoJson}).
 */
package io.geofusion.geo;
