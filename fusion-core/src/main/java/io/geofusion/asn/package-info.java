/**
 * Autonomous-system profiles (type, route stretch) and the path stretch derived from them.
 */
package io.geofusion.asn;
