/**
 * The inference guardrail: edge-kind registry, canonicalisation, auto-heal, validation, repair and the training-pair log.
 */
package io.geofusion.guardrail;
