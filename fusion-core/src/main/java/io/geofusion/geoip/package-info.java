/**
 * The GeoIP service SPI, its MaxMind DB implementation, and a writer for MaxMind DB files.
 */
package io.geofusion.geoip;
