/**
 * Address parsing that never performs DNS, and classification of addresses (private, CGNAT, link-local, ULA, documentation, bogon).
 */
package io.geofusion.net;
