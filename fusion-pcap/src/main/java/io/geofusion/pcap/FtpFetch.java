package io.geofusion.pcap;

import static io.geofusion.text.Limits.LISTING_BYTES;
import static io.geofusion.text.Limits.LISTING_ENTRIES;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPClientConfig;
import org.apache.commons.net.ftp.FTPCmd;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPFileEntryParser;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.parser.DefaultFTPFileEntryParserFactory;

/**
 * FTP transfers with commons-net: passive mode, binary type, connect timeout, socket (read)
 * timeouts on the control and data connections, {@code REST} to resume (only when {@code MDTM}
 * and {@code SIZE} still report the version the part was written from), and a watchdog that
 * closes both connections when the overall deadline passes (a blocked read then fails at once).
 */
final class FtpFetch {

  private final CaptureFetcher f;

  FtpFetch(CaptureFetcher f) {
    this.f = f;
  }

  List<RemoteEntry> list(URI dir) throws IOException {
    String src = dir.toString();
    long deadlineAt = f.deadlineFromNow();
    ListingClient ftp = connect(dir, src);
    AtomicReference<InputStream> data = new AtomicReference<>();
    AtomicBoolean fired = new AtomicBoolean();
    Watchdog dog = watch(ftp, data, fired, deadlineAt);
    try {
      return readListing(ftp, dir, src, data);
    } catch (SocketTimeoutException ex) {
      throw new FetchException(FetchException.Reason.READ_TIMEOUT, src, "listing stalled for "
          + f.readTimeout().toMillis() + " ms", ex);
    } catch (IOException ex) {
      if (fired.get() && !(ex instanceof FetchException)) {
        throw new FetchException(FetchException.Reason.DEADLINE, src, "the overall deadline of "
            + f.deadline().toMillis() + " ms passed while listing", ex);
      }
      throw ex;
    } finally {
      dog.close();
      quietly(ftp);
    }
  }

  /**
   * The directory listing, read entry by entry under the listing limits ({@link
   * CaptureFetcher#maxListingEntries()}, {@link CaptureFetcher#maxListingBytes()}): commons-net's
   * {@code listFiles} holds the whole answer in memory, so an endless listing grew the heap
   * without bound (6.4 GB before it was killed).
   */
  private List<RemoteEntry> readListing(ListingClient ftp, URI dir, String src,
      AtomicReference<InputStream> data) throws IOException {
    FTPFileEntryParser parser = parser(ftp);
    long maxEntries = f.maxListingEntries();
    long maxBytes = f.maxListingBytes();
    Socket socket = ftp.openListing(path(dir));
    if (socket == null) {
      throw new FetchException(FetchException.Reason.PROTOCOL, src, "listing failed: "
          + ftp.getReplyString().strip());
    }
    List<RemoteEntry> files = new ArrayList<>();
    long entries = 0;
    try (socket; InputStream raw = socket.getInputStream()) {
      data.set(raw);
      InputStream capped = new CappedStream(raw, maxBytes, () -> new FetchException(
          FetchException.Reason.TOO_LARGE, src, "the listing is longer than " + maxBytes
              + " bytes; stopped reading (" + LISTING_BYTES.describe("--max-listing-bytes") + ")"));
      BufferedReader r = new BufferedReader(new InputStreamReader(capped,
          ftp.getControlEncoding()));
      for (String entry = parser.readNextEntry(r); entry != null;
          entry = parser.readNextEntry(r)) {
        if (++entries > maxEntries) {
          throw new FetchException(FetchException.Reason.TOO_LARGE, src, "the listing has more"
              + " than " + maxEntries + " entries; stopped reading ("
              + LISTING_ENTRIES.describe("--max-listing-entries") + ")");
        }
        FTPFile file = parser.parseFTPEntry(entry);
        if (file != null && file.isFile()) {
          // the name is resolved as one encoded path segment; safety is checked before fetching
          String name = file.getName();
          files.add(new RemoteEntry(dir.resolve(encodeSegment(name)), name,
              Math.max(-1, file.getSize())));
        }
      }
    }
    if (!ftp.completePendingCommand()) {
      throw new FetchException(FetchException.Reason.PROTOCOL, src, "listing failed: "
          + ftp.getReplyString().strip());
    }
    return files;
  }

  /** The entry parser commons-net would choose for this server's {@code SYST} answer. */
  private static FTPFileEntryParser parser(FTPClient ftp) {
    String system;
    try {
      system = ftp.getSystemType();
    } catch (IOException ex) {
      system = FTPClientConfig.SYST_UNIX; // SYST refused: most servers list as ls -l does
    }
    return new DefaultFTPFileEntryParserFactory().createFileEntryParser(system);
  }

  CaptureFetcher.Staged fetch(RemoteEntry e, Path part, long deadlineAt) throws IOException {
    String src = e.uri().toString();
    FTPClient ftp = connect(e.uri(), src);
    AtomicReference<InputStream> data = new AtomicReference<>();
    AtomicBoolean fired = new AtomicBoolean();
    Watchdog dog = watch(ftp, data, fired, deadlineAt);
    CaptureFetcher.Staged s = new CaptureFetcher.Staged();
    long have = Files.exists(part) ? Files.size(part) : 0;
    try {
      String file = path(e.uri());
      String version = version(ftp, file);
      if (have > 0 && (version.isEmpty() || !version.equals(HttpFetch.readValidator(part)))) {
        // FTP has no If-Range: a part is resumed only when the server still reports the size
        // and modification time it reported when the part was written; otherwise the two
        // versions would be joined, so start over.
        Files.deleteIfExists(part);
        have = 0;
      }
      if (have == 0) {
        HttpFetch.writeValidator(part, version);
      }
      boolean append = false;
      InputStream in = null;
      if (have > 0) {
        ftp.setRestartOffset(have);
        in = ftp.retrieveFileStream(path(e.uri()));
        append = in != null;
        if (in == null) {
          ftp.setRestartOffset(0); // REST refused: start over (no byte was transferred yet)
        }
      }
      if (in == null) {
        in = ftp.retrieveFileStream(path(e.uri()));
      }
      if (in == null) {
        throw new FetchException(FetchException.Reason.PROTOCOL, src, "RETR refused: "
            + ftp.getReplyString().strip());
      }
      data.set(in);
      s.resumed = append;
      try (CaptureFetcher.Sink sink = f.new Sink(src, part, append)) {
        byte[] buf = new byte[1 << 16];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        try {
          while (true) {
            if (f.remainingNanos(deadlineAt) <= 0) {
              throw deadline(src, sink.written);
            }
            int r = in.read(buf);
            if (r < 0) {
              break;
            }
            bb.clear().limit(r);
            sink.write(bb);
          }
        } catch (FetchException ex) {
          if (ex.reason() == FetchException.Reason.TOO_LARGE) {
            sink.discard(part);
          }
          throw ex;
        } catch (SocketTimeoutException ex) {
          throw new FetchException(FetchException.Reason.READ_TIMEOUT, src, "stalled: no data"
              + " for " + f.readTimeout().toMillis() + " ms after " + sink.written
              + " bytes; the partial file is kept for resuming", ex);
        } catch (IOException ex) {
          if (fired.get()) {
            throw deadline(src, sink.written);
          }
          throw ex;
        }
        in.close();
        if (!ftp.completePendingCommand()) {
          throw new FetchException(FetchException.Reason.PROTOCOL, src, "transfer not confirmed"
              + " by the server after " + sink.written + " bytes: "
              + ftp.getReplyString().strip());
        }
        String after = version.isEmpty() ? "" : version(ftp, file);
        if (!after.equals(version)) {
          sink.discard(part);
          throw new FetchException(FetchException.Reason.PROTOCOL, src, "the file changed"
              + " during the transfer (" + version + ", now " + after + "); the partial file"
              + " was discarded, fetch again");
        }
        s.bytes = sink.written;
        s.sha256 = sink.hex();
      }
      if (e.sizeBytes() >= 0 && e.sizeBytes() != s.bytes) {
        s.note = "; the listing claimed " + e.sizeBytes() + " bytes";
      }
      return s;
    } catch (IOException ex) {
      if (fired.get() && !(ex instanceof FetchException)) {
        throw deadline(src, have);
      }
      if (ex instanceof SocketTimeoutException) {
        throw new FetchException(FetchException.Reason.READ_TIMEOUT, src, "server silent for "
            + f.readTimeout().toMillis() + " ms", ex);
      }
      throw ex;
    } finally {
      dog.close();
      quietly(ftp);
    }
  }

  /**
   * What identifies the file's version: {@code mdtm=<MDTM answer>;size=<SIZE answer>} (RFC 3659;
   * the size is left out when the server does not answer SIZE), or empty when the server does not
   * answer MDTM; then a part file is never resumed.
   */
  private static String version(FTPClient ftp, String file) throws IOException {
    String mdtm = printable(ftp.getModificationTime(file));
    if (mdtm.isEmpty()) {
      return "";
    }
    String size = printable(ftp.getSize(file));
    return "mdtm=" + mdtm + (size.isEmpty() ? "" : ";size=" + size);
  }

  private static String printable(String answer) {
    if (answer == null || answer.length() > 100) {
      return "";
    }
    String a = answer.strip();
    return a.chars().allMatch(c -> c > 0x20 && c < 0x7F) ? a : "";
  }

  private ListingClient connect(URI uri, String src) throws IOException {
    ListingClient ftp = new ListingClient();
    ftp.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, f.connectTimeout().toMillis()));
    ftp.setDefaultTimeout((int) Math.min(Integer.MAX_VALUE, f.readTimeout().toMillis()));
    ftp.setDataTimeout(f.readTimeout());
    ftp.setControlKeepAliveReplyTimeout(f.readTimeout());
    try {
      ftp.connect(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : FTP.DEFAULT_PORT);
    } catch (SocketTimeoutException ex) {
      quietly(ftp);
      throw new FetchException(FetchException.Reason.CONNECT_TIMEOUT, src, "could not connect"
          + " within " + f.connectTimeout().toMillis() + " ms", ex);
    } catch (IOException ex) {
      quietly(ftp);
      throw FetchException.unknownHost(src, uri.getHost(), ex).orElseGet(() ->
          new FetchException(FetchException.Reason.PROTOCOL, src, "cannot connect: "
              + ex.getMessage(), ex));
    }
    try {
      ftp.setSoTimeout((int) Math.min(Integer.MAX_VALUE, f.readTimeout().toMillis()));
      if (!FTPReply.isPositiveCompletion(ftp.getReplyCode())) {
        throw new FetchException(FetchException.Reason.PROTOCOL, src, "server refused: "
            + ftp.getReplyString().strip());
      }
      String user = "anonymous";
      String pass = "geofusion@";
      String info = uri.getRawUserInfo();
      if (info != null) {
        int colon = info.indexOf(':');
        user = decode(colon >= 0 ? info.substring(0, colon) : info);
        pass = colon >= 0 ? decode(info.substring(colon + 1)) : "";
      }
      if (!ftp.login(user, pass)) {
        throw new FetchException(FetchException.Reason.PROTOCOL, src, "login as '" + user
            + "' refused: " + ftp.getReplyString().strip());
      }
      ftp.enterLocalPassiveMode();
      if (!ftp.setFileType(FTP.BINARY_FILE_TYPE)) {
        throw new FetchException(FetchException.Reason.PROTOCOL, src, "TYPE I refused: "
            + ftp.getReplyString().strip());
      }
      return ftp;
    } catch (SocketTimeoutException ex) {
      quietly(ftp);
      throw new FetchException(FetchException.Reason.READ_TIMEOUT, src, "server silent for "
          + f.readTimeout().toMillis() + " ms during login", ex);
    } catch (IOException | RuntimeException ex) {
      quietly(ftp);
      throw ex;
    }
  }

  private Watchdog watch(FTPClient ftp, AtomicReference<InputStream> data,
      AtomicBoolean fired, long deadlineAt) {
    long delay = Math.max(0, f.remainingNanos(deadlineAt));
    return new Watchdog(delay, () -> {
      fired.set(true);
      InputStream in = data.get();
      if (in != null) {
        try {
          in.close();
        } catch (IOException ignored) {
          // closing only to unblock the reader
        }
      }
      quietly(ftp);
    });
  }

  private FetchException deadline(String src, long bytes) {
    return new FetchException(FetchException.Reason.DEADLINE, src, "the overall deadline of "
        + f.deadline().toMillis() + " ms passed after " + bytes + " bytes");
  }

  private static String path(URI u) {
    String p = u.getPath();
    return p == null || p.isEmpty() ? "/" : p;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String encodeSegment(String name) {
    StringBuilder sb = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }

  private static void quietly(FTPClient ftp) {
    try {
      if (ftp.isConnected()) {
        ftp.disconnect();
      }
    } catch (IOException ignored) {
      // best effort on the way out
    }
  }

  /** Opens a {@code LIST} data connection without reading it (commons-net reads it whole). */
  private static final class ListingClient extends FTPClient {
    Socket openListing(String path) throws IOException {
      return _openDataConnection_(FTPCmd.LIST, getListArguments(path));
    }
  }

  /** Fails with the given exception once more than {@code max} bytes were read. */
  private static final class CappedStream extends FilterInputStream {
    private final long max;
    private final Supplier<IOException> tooLong;
    private long count;

    CappedStream(InputStream in, long max, Supplier<IOException> tooLong) {
      super(in);
      this.max = max;
      this.tooLong = tooLong;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws IOException {
      count += n;
      if (count > max) {
        throw tooLong.get();
      }
    }
  }

  /** Fires once at the deadline unless closed first; one daemon thread per transfer. */
  private static final class Watchdog implements AutoCloseable {
    private final CountDownLatch done = new CountDownLatch(1);

    Watchdog(long delayNanos, Runnable action) {
      Thread t = new Thread(() -> {
        try {
          if (!done.await(delayNanos, TimeUnit.NANOSECONDS)) {
            action.run();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "geofusion-ftp-deadline");
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void close() {
      done.countDown();
    }
  }
}
