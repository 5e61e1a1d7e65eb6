/**
 * Readers for recorded measurements: RIPE Atlas ping/traceroute result JSON (every firmware,
 * JSON Lines or arrays, gzip or not), scamper JSON ({@code sc_warts2json}), {@code mtr --json},
 * and the text output of {@code ping}, {@code traceroute} and {@code tracepath} from Linux, BSD
 * and macOS.
 *
 * <p>Entry point: {@link io.geofusion.formats.MeasurementReader#open(java.nio.file.Path)} detects
 * the format from content and streams {@link io.geofusion.formats.Measurement}s
 * ({@link io.geofusion.formats.PingMeasurement}, {@link io.geofusion.formats.TraceMeasurement},
 * {@link io.geofusion.formats.TraceSummary}); malformed records become
 * {@link io.geofusion.formats.RecordProblem}s with line numbers while the rest of the file is read.
 * Field mappings and what each format loses: docs/formats.md. The product's own JSON shapes are in
 * {@link io.geofusion.json}.
 */
package io.geofusion.formats;
