package io.geofusion.pcap;

/** The container format of a capture file. */
public enum CaptureFormat {
  /** Classic libpcap format, microsecond timestamps (magic {@code 0xa1b2c3d4}). */
  PCAP_MICROS("pcap"),
  /** Classic libpcap format, nanosecond timestamps (magic {@code 0xa1b23c4d}). */
  PCAP_NANOS("nsecpcap"),
  /**
   * Alexey Kuznetzov's modified pcap (magic {@code 0xa1b2cd34}): classic records with 8 extra
   * header bytes (ifindex, protocol, packet type).
   */
  PCAP_MODIFIED("modpcap"),
  /** pcapng (draft-ietf-opsawg-pcapng), any number of sections and interfaces. */
  PCAPNG("pcapng");

  private final String label;

  CaptureFormat(String label) {
    this.label = label;
  }

  /** Short name as {@code capinfos} prints it ({@code pcap}, {@code nsecpcap}, {@code pcapng}). */
  public String label() {
    return label;
  }
}
