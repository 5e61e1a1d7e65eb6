/**
 * Active probing: the prober SPI and its backends.
 */
package io.geofusion.probe;
