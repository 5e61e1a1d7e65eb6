import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Build step of fusion-cli (package phase, after the shade plugin; run as a single-file source
 * program): copies JNA's native dispatch library for this platform out of the fat jar into
 * {@code lib/} beside it, where {@code bin/geofusion} points JNA at it ({@code
 * -Djna.boot.library.path}).
 *
 * <p>Without it JNA extracts {@code libjnidispatch.so} from the jar into a new temporary file
 * (under {@code $XDG_CACHE_HOME/JNA/temp}), loads it and deletes it, on every run that probes:
 * docs/decisions/cli-startup.md §8. The platform folder is JNA's own ({@code
 * com.sun.jna.Platform.RESOURCE_PREFIX}, read from the fat jar's JNA, so it is the same version
 * that will load the file); the file name is {@code System.mapLibraryName("jnidispatch")} as JNA
 * looks for it. The jar keeps every platform's library, so a run on another platform, or
 * without the launcher, extracts as before; a file that cannot be loaded is skipped by JNA,
 * which then extracts.
 *
 * <p>Usage: {@code java JnaDispatchBesideJar.java FAT_JAR DEST_DIR}
 */
public final class JnaDispatchBesideJar {

  private JnaDispatchBesideJar() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: JnaDispatchBesideJar FAT_JAR DEST_DIR");
    }
    Path jar = Path.of(args[0]).toAbsolutePath();
    Path dest = Path.of(args[1]).toAbsolutePath();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      // Platform's class initialiser reads system properties only; it loads no native code.
      String prefix = (String) Class.forName("com.sun.jna.Platform", true, loader)
          .getField("RESOURCE_PREFIX").get(null);
      String name = System.mapLibraryName("jnidispatch").replace(".dylib", ".jnilib");
      String resource = "com/sun/jna/" + prefix + "/" + name;
      try (InputStream in = loader.getResourceAsStream(resource)) {
        if (in == null) {
          System.out.println("JnaDispatchBesideJar: " + jar.getFileName() + " has no " + resource
              + "; JNA will extract its own");
          return;
        }
        copy(in, dest.resolve(name));
      }
      System.out.println("JnaDispatchBesideJar: copied " + resource + " to " + dest.resolve(name));
    }
  }

  private static void copy(InputStream in, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
