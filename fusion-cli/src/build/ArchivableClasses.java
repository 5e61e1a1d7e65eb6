import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Build step of fusion-cli (package phase, after the shade plugin; run as a single-file source
 * program with ASM on the class path): rewrites the class files of the given package prefixes in
 * the jar from Java 5 format (49, no stack map frames) to Java 6 format (50) with frames computed
 * by ASM, so that the JDK can put them in the launcher's AppCDS archive. HotSpot 17 archives no
 * class older than 50, nor a class that it verified by failing over to the old verifier; picocli
 * is compiled for Java 5, and its classes were the largest part of start-up
 * (docs/decisions/cli-startup.md). The code is not changed; each entry keeps its timestamp.
 *
 * <p>Usage: {@code java -cp asm.jar ArchivableClasses.java JAR PREFIX...}
 */
public final class ArchivableClasses {

  private ArchivableClasses() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: ArchivableClasses JAR PREFIX...");
    }
    Path jar = Path.of(args[0]).toAbsolutePath();
    List<String> prefixes = List.of(args).subList(1, args.length);

    try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of());
        Stream<Path> all = Files.walk(zip.getPath("/"))) {
      ClassLoader loader = new JarLoader(zip);
      for (Path p : (Iterable<Path>) all::iterator) {
        String name = p.toString().substring(1);
        if (!name.endsWith(".class") || prefixes.stream().noneMatch(name::startsWith)) {
          continue;
        }
        byte[] in = Files.readAllBytes(p);
        int major = ((in[6] & 0xff) << 8) | (in[7] & 0xff);
        if (major >= Opcodes.V1_6) {
          continue;
        }
        FileTime time = Files.getLastModifiedTime(p);
        Files.write(p, withFrames(in, loader));
        Files.setLastModifiedTime(p, time);

      }
    }
  }

  private static byte[] withFrames(byte[] in, ClassLoader loader) {
    ClassReader reader = new ClassReader(in);
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
      @Override
      protected ClassLoader getClassLoader() {
        return loader;
      }
    };
    reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
      @Override
      public void visit(int version, int access, String name, String signature, String superName,
          String[] interfaces) {
        super.visit(Opcodes.V1_6, access, name, signature, superName, interfaces);
      }
    }, ClassReader.SKIP_FRAMES);
    return writer.toByteArray();
  }

  /** Loads classes from the jar being rewritten (for the common super classes of frames). */
  private static final class JarLoader extends ClassLoader {
    private final FileSystem zip;

    JarLoader(FileSystem zip) {
      super(ClassLoader.getPlatformClassLoader());
      this.zip = zip;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      Path p = zip.getPath("/" + name.replace('.', '/') + ".class");
      if (!Files.exists(p)) {
        throw new ClassNotFoundException(name);
      }
      try (InputStream in = Files.newInputStream(p)) {
        byte[] b = in.readAllBytes();
        return defineClass(name, b, 0, b.length);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
