/**
 * The probing backends behind {@link io.geofusion.probe.Prober}, chosen automatically or by
 * name through {@link io.geofusion.probe.backend.Probers} (docs/probing.md,
 * docs/decisions/probe-backends.md).
 */
package io.geofusion.probe.backend;
