/**
 * Readers for recorded measurements (RIPE Atlas, mtr, scamper, ping/traceroute text) and the product's own JSON shapes.
 */
package io.geofusion.formats;
