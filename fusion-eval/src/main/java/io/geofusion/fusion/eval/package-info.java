/**
 * Ground-truth evaluation of the fusion engine: the NDJSON target format, the WonderNetwork
 * converter (leave-one-out), classic baselines (CBG, shortest ping), experiments (true/false
 * GeoIP, synthetic anycast) and the scoring report.
 */
package io.geofusion.fusion.eval;
