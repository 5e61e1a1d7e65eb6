/**
 * Reading users' text files: {@link io.geofusion.text.TextLines} reads UTF-8 line by line and
 * names the exact line that is not UTF-8, reads one JSON value per line without losing a second
 * one silently, and turns Jackson's syntax errors into messages a user can act on. It depends on
 * nothing else in GeoFusion, so every reader can use it, from the evaluation files of
 * {@code fusion.eval} to the CLI's config file (docs/decisions/text-layer.md).
 */
package io.geofusion.text;
