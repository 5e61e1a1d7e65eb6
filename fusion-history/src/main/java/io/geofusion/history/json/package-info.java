/**
 * The history documents: {@link io.geofusion.history.json.HistoryJson} writes an address's
 * history as one JSON document (docs/schemas/history.schema.json) or as NDJSON events.
 */
package io.geofusion.history.json;
