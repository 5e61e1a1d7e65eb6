/**
 * Evidence layers, the posterior over the sphere, Gaussian mixtures, confidence circles, multilateration, inconsistency and anycast detection, host classification and temporal smoothing.
 */
package io.geofusion.fusion;
