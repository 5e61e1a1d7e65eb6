package io.geofusion.map;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A real headless Chromium (Debian's {@code chromium} driven by its {@code chromium-driver}
 * through Selenium) for the map's browser tests, here and in fusion-cli. Nothing is downloaded:
 * the browser and driver are the system's, at fixed paths.
 *
 * <p>Waits are event-driven: {@link #awaitMap} resolves inside the page from a
 * MutationObserver on the map element's {@code data-*} attributes, the moment the condition
 * holds; the deadline is only an upper bound for liveness (the CI machine is busy).
 */
public final class Browser implements AutoCloseable {

  /** The driver Debian's chromium-driver installs. */
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /** The browser Debian's chromium installs. */
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  /** Upper bound of every wait: generous, never a speed claim. */
  public static final Duration DEADLINE = Duration.ofSeconds(120);

  private final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  /**
   * Whether the browser tests can run; when they cannot, says why on the console (for a
   * JUnit {@code assumeTrue}).
   */
  public static boolean available(String test) {
    if (Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM)) {
      return true;
    }
    System.out.println("[SKIPPED] " + test + ": " + CHROMEDRIVER + " or " + CHROMIUM
        + " is absent; install Debian's chromium and chromium-driver (apt-get install chromium"
        + " chromium-driver, as .ci/run does) to run the map's browser tests");
    return false;
  }

  /** Starts a headless Chromium, 1200 × 750 CSS pixels, recording the console. */
  public static Browser start() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--window-size=1200,750", "--no-first-run",
        "--disable-extensions", "--disable-background-networking", "--disable-sync",
        "--disable-component-update", "--disable-default-apps", "--hide-scrollbars");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(DEADLINE).pageLoadTimeout(DEADLINE);
    return new Browser(driver);
  }

  /** Opens a URL ({@code file://} or loopback {@code http://}). */
  public void open(String url) {
    driver.get(url);
  }

  /**
   * Waits until the map element's attributes satisfy {@code condition}, a JavaScript expression
   * over {@code el} (the {@code #map} element), and returns the element's {@code data-*}
   * attributes then.
   *
   * @throws AssertionError when it does not hold within {@link #DEADLINE}
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> awaitMap(String condition) {
    Object r = ((JavascriptExecutor) driver).executeAsyncScript(
        "var done = arguments[arguments.length - 1];\n"
        + "function state(el) { var o = {}; if (!el) { return o; }\n"
        + "  for (var i = 0; i < el.attributes.length; i++) { var a = el.attributes[i];\n"
        + "    if (a.name.indexOf('data-') === 0) { o[a.name] = a.value; } } return o; }\n"
        + "function holds() { var el = document.getElementById('map');\n"
        + "  try { return el && (" + condition + "); } catch (e) { return false; } }\n"
        + "if (holds()) { done(state(document.getElementById('map'))); return; }\n"
        + "var obs = new MutationObserver(function () {\n"
        + "  if (holds()) { obs.disconnect(); done(state(document.getElementById('map'))); } });\n"
        + "obs.observe(document.documentElement, {attributes: true, childList: true,"
        + " subtree: true});");
    return (Map<String, Object>) r;
  }

  /** Runs a script in the page and returns its value. */
  public Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** The console messages at level SEVERE (errors, failed loads) since the last call. */
  public List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage).toList();
  }

  /** Saves a PNG of the window. */
  public void screenshot(Path file) throws IOException {
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
  }

  @Override
  public void close() {
    driver.quit();
  }
}
