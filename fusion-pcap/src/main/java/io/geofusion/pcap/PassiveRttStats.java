package io.geofusion.pcap;

/**
 * What the passive-RTT tracker measured and what it refused to measure.
 *
 * @param handshakes TCP handshakes seen to completion (SYN, SYN/ACK, ACK)
 * @param synToSynAckSamples SYN→SYN/ACK intervals recorded
 * @param synAckToAckSamples SYN/ACK→ACK intervals recorded
 * @param retransmittedSyns SYNs repeated with the same initial sequence number
 * @param retransmittedSynAcks SYN/ACKs repeated with the same initial sequence number
 * @param ambiguousSynAcks SYN/ACKs after a retransmitted SYN that no TCP timestamp tied to one
 *     transmission: discarded (Karn's rule)
 * @param ambiguousAcks handshake ACKs after a retransmitted SYN/ACK, likewise discarded
 * @param reusedTuples new handshakes (new initial sequence number) on a 5-tuple already used
 * @param negativeIntervals intervals below 0 (capture timestamps out of order): discarded
 * @param icmpEchoSamples echo request→reply intervals recorded
 * @param icmpEchoAmbiguous replies to an identifier/sequence sent more than once: discarded
 * @param samplesBeyondHostCap samples (of the kinds above) of hosts beyond the limit on hosts
 *     with passive RTT ({@link CaptureAnalyzer.Builder#maxRttHosts}): counted, not kept
 */
public record PassiveRttStats(
    long handshakes,
    long synToSynAckSamples,
    long synAckToAckSamples,
    long retransmittedSyns,
    long retransmittedSynAcks,
    long ambiguousSynAcks,
    long ambiguousAcks,
    long reusedTuples,
    long negativeIntervals,
    long icmpEchoSamples,
    long icmpEchoAmbiguous,
    long samplesBeyondHostCap) {

  public PassiveRttStats {
    if (handshakes < 0 || synToSynAckSamples < 0 || synAckToAckSamples < 0
        || retransmittedSyns < 0 || retransmittedSynAcks < 0 || ambiguousSynAcks < 0
        || ambiguousAcks < 0 || reusedTuples < 0 || negativeIntervals < 0
        || icmpEchoSamples < 0 || icmpEchoAmbiguous < 0 || samplesBeyondHostCap < 0) {
      throw new IllegalArgumentException("passive RTT counters must be >= 0");
    }
  }
}
