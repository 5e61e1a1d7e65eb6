package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README runs the quickstart's examples with {@code mvn -q exec:java
 * -Dexec.mainClass=example.LocateHost}: that user property only takes effect when the exec
 * plugin's {@code <configuration>} does not set {@code <mainClass>} itself (a configured value wins
 * over {@code -Dexec.mainClass}, so every run started Quickstart). The default must come from the
 * {@code exec.mainClass} property instead, and every class the README names must exist with a
 * {@code main}.
 */
class QuickstartExecTest {

  private static final Path QUICKSTART = Path.of("..", "examples", "quickstart");

  @Test
  void pom_execMainClass_isAPropertyTheCommandLineCanOverride() throws IOException {
    String pom = Files.readString(QUICKSTART.resolve("pom.xml"));
    Matcher plugin = Pattern.compile("<artifactId>exec-maven-plugin</artifactId>(.*?)</plugin>",
        Pattern.DOTALL).matcher(pom);
    assertThat(plugin.find()).as("the exec plugin is declared").isTrue();
    assertThat(plugin.group(1)).as("exec plugin configuration must not fix <mainClass>")
        .doesNotContain("<mainClass>");
    assertThat(pom).contains("<exec.mainClass>example.Quickstart</exec.mainClass>");
  }

  @Test
  void readme_everyNamedMainClass_existsWithAMain() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher m = Pattern.compile("`(example\\.[A-Z]\\w+)`").matcher(readme);
    int n = 0;
    while (m.find()) {
      Path src = QUICKSTART.resolve("src/main/java/" + m.group(1).replace('.', '/') + ".java");
      assertThat(src).as(m.group(1)).exists();
      assertThat(Files.readString(src)).as(m.group(1))
          .contains("public static void main(String[] args)");
      n++;
    }
    assertThat(n).as("README names the examples").isGreaterThanOrEqualTo(2);
  }
}
