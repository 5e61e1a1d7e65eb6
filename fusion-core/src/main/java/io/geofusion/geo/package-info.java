/**
 * Coordinates and geodesy on the WGS84 ellipsoid: {@link io.geofusion.geo.LatLon}, geodesic distance and destination, circles and regions as polygons, and RFC 7946 GeoJSON writing.
 */
package io.geofusion.geo;
