/**
 * Round-trip-time samples, their statistical envelope, speed-of-signal distance models, distance estimates with confidence, and landmark calibration.
 */
package io.geofusion.rtt;
