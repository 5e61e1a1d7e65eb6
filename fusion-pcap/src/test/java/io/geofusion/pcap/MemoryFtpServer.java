package io.geofusion.pcap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.FileSystemView;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpFile;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;

/**
 * A real Apache FtpServer on 127.0.0.1 (ephemeral port) serving one directory held in memory,
 * whose entries may lie about their size, stall, or carry hostile names that no real file
 * system allows (e.g. {@code ../../etc/passwd}). Public for fusion-cli's tests (test-jar).
 */
public final class MemoryFtpServer implements AutoCloseable {

  /** One listed file: the size it claims, and how its bytes are produced from an offset. */
  record Entry(String name, long claimedSize, LongFunction<InputStream> open,
      long lastModifiedMs) {
    Entry(String name, long claimedSize, LongFunction<InputStream> open) {
      this(name, claimedSize, open, 1_700_000_000_000L);
    }
  }

  private final Map<String, Entry> files = new LinkedHashMap<>();
  private final FtpServer server;
  private final int port;
  volatile int retrievals;

  /** Starts the server, with an empty folder. */
  public MemoryFtpServer() throws IOException {
    FtpServerFactory sf = new FtpServerFactory();
    ListenerFactory lf = new ListenerFactory();
    lf.setServerAddress("127.0.0.1");
    lf.setPort(0);
    sf.addListener("default", lf.createListener());
    BaseUser anon = new BaseUser();
    anon.setName("anonymous");
    anon.setHomeDirectory("/");
    sf.setFileSystem(user -> new View());
    server = sf.createServer();
    try {
      sf.getUserManager().save(anon);
      server.start();
    } catch (FtpException e) {
      throw new IOException("the FTP server did not start: " + e.getMessage(), e);
    }
    port = ((org.apache.ftpserver.impl.DefaultFtpServer) server).getListener("default").getPort();
  }

  /** Its port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** Adds a file {@code name} holding {@code content}. */
  public MemoryFtpServer add(String name, byte[] content) {
    return add(new Entry(name, content.length, off -> new ByteArrayInputStream(content,
        (int) off, content.length - (int) off)));
  }

  MemoryFtpServer add(Entry e) {
    files.put(e.name(), e);
    return this;
  }

  @Override
  public void close() {
    server.stop();
  }

  private final class View implements FileSystemView {
    final Dir root = new Dir();

    @Override
    public FtpFile getHomeDirectory() {
      return root;
    }

    @Override
    public FtpFile getWorkingDirectory() {
      return root;
    }

    @Override
    public boolean changeWorkingDirectory(String dir) {
      return dir.equals("/") || dir.equals(".") || dir.isEmpty();
    }

    @Override
    public FtpFile getFile(String path) {
      String p = path.startsWith("/") ? path.substring(1) : path;
      if (p.isEmpty() || p.equals(".") || p.equals("./")) {
        return root;
      }
      Entry e = files.get(p);
      return new File(p, e);
    }

    @Override
    public boolean isRandomAccessible() {
      return true;
    }

    @Override
    public void dispose() {}
  }

  private abstract static class Base implements FtpFile {
    @Override public boolean isHidden() {
      return false;
    }

    @Override public boolean isReadable() {
      return true;
    }

    @Override public boolean isWritable() {
      return false;
    }

    @Override public boolean isRemovable() {
      return false;
    }

    @Override public String getOwnerName() {
      return "ftp";
    }

    @Override public String getGroupName() {
      return "ftp";
    }

    @Override public int getLinkCount() {
      return 1;
    }

    @Override public long getLastModified() {
      return 1_700_000_000_000L;
    }

    @Override public boolean setLastModified(long time) {
      return false;
    }

    @Override public Object getPhysicalFile() {
      return null;
    }

    @Override public boolean mkdir() {
      return false;
    }

    @Override public boolean delete() {
      return false;
    }

    @Override public boolean move(FtpFile destination) {
      return false;
    }

    @Override public OutputStream createOutputStream(long offset) throws IOException {
      throw new IOException("read-only");
    }
  }

  private final class Dir extends Base {
    @Override public String getAbsolutePath() {
      return "/";
    }

    @Override public String getName() {
      return "/";
    }

    @Override public boolean isDirectory() {
      return true;
    }

    @Override public boolean isFile() {
      return false;
    }

    @Override public boolean doesExist() {
      return true;
    }

    @Override public long getSize() {
      return 0;
    }

    @Override public List<? extends FtpFile> listFiles() {
      List<FtpFile> out = new ArrayList<>();
      files.values().forEach(e -> out.add(new File(e.name(), e)));
      return out;
    }

    @Override public InputStream createInputStream(long offset) throws IOException {
      throw new IOException("a directory");
    }
  }

  private final class File extends Base {
    final String name;
    final Entry e;

    File(String name, Entry e) {
      this.name = name;
      this.e = e;
    }

    @Override public String getAbsolutePath() {
      return "/" + name;
    }

    @Override public String getName() {
      return name;
    }

    @Override public boolean isDirectory() {
      return false;
    }

    @Override public boolean isFile() {
      return e != null;
    }

    @Override public boolean doesExist() {
      return e != null;
    }

    @Override public long getSize() {
      return e == null ? 0 : e.claimedSize();
    }

    @Override public long getLastModified() {
      return e == null ? 0 : e.lastModifiedMs();
    }

    @Override public List<? extends FtpFile> listFiles() {
      return null;
    }

    @Override public InputStream createInputStream(long offset) throws IOException {
      if (e == null) {
        throw new IOException("no such file");
      }
      retrievals++;
      return e.open().apply(offset);
    }
  }
}
