/**
 * The root of the library's checked exceptions, {@link io.geofusion.GeoFusionException}
 * (docs/decisions/exception-root.md). Everything else lives in the sub-packages.
 */
package io.geofusion;
