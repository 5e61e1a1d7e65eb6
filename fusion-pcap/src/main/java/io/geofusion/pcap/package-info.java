/**
 * Packet captures: pcap/pcapng reading, decoding, flows, passive RTT, remote fetch and graph ingest.
 */
package io.geofusion.pcap;
