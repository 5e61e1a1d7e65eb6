/**
 * GeoFusion packet captures: pcap/pcapng reading and decoding, flows, passive RTT, remote fetch
 * over HTTP(S) and FTP (Apache Commons Net) and graph ingest.
 */
module io.geofusion.pcap {
  requires transitive io.geofusion.core;
  requires java.net.http;
  requires org.apache.commons.net;

  exports io.geofusion.pcap;
  exports io.geofusion.pcap.json;
}
