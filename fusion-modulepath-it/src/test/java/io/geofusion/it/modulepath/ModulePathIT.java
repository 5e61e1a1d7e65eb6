package io.geofusion.it.modulepath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs on the module path (failsafe, useModulePath): GeoFusion's modules are explicit modules,
 * every module they read has a stable name (a descriptor or an Automatic-Module-Name, never one
 * guessed from a file name), the relocated libraries stay inside io.geofusion.core, and calls that
 * reach them work (docs/decisions/module-names.md).
 */
class ModulePathIT {

  private static final Configuration BOOT = ModuleLayer.boot().configuration();

  @Test
  void geofusionModules_onTheModulePath_areExplicitModules() {
    assertThat(LibraryUse.class.getModule().getName()).isEqualTo("io.geofusion.it.modulepath");
    for (String name : new String[] {"io.geofusion.core", "io.geofusion.probe",
        "io.geofusion.pcap", "io.geofusion.eval", "io.geofusion.map",
        "io.geofusion.history"}) {
      ModuleDescriptor d = BOOT.findModule(name).orElseThrow(
          () -> new AssertionError(name + " is not in the boot layer")).reference().descriptor();
      assertThat(d.isAutomatic()).as(name).isFalse();
    }
  }

  @Test
  void everyModuleGeofusionReads_hasAStableName() throws IOException {
    Map<String, String> automatic = new LinkedHashMap<>();
    Deque<ResolvedModule> todo = new ArrayDeque<>();
    todo.add(BOOT.findModule("io.geofusion.it.modulepath").orElseThrow());
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      ResolvedModule m = todo.pop();
      if (!seen.add(m.name())) {
        continue;
      }
      ModuleDescriptor d = m.reference().descriptor();
      if (d.isAutomatic()) {
        automatic.put(m.name(), automaticModuleName(m.reference().location().orElseThrow()));
      }
      todo.addAll(m.reads());
    }
    assertThat(seen).contains("io.geofusion.core", "com.fasterxml.jackson.databind");
    assertThat(automatic).as("automatic modules and their Automatic-Module-Name")
        .allSatisfy((name, declared) -> assertThat(declared).as(name).isEqualTo(name));
  }

  @Test
  void shadedLibraries_areInsideCore_notModulesOfTheirOwn() {
    ModuleDescriptor core = BOOT.findModule("io.geofusion.core").orElseThrow().reference()
        .descriptor();
    assertThat(core.packages()).contains("io.geofusion.internal.shaded.math3",
        "io.geofusion.internal.shaded.geographiclib");
    assertThat(core.exports()).noneMatch(e -> e.source().startsWith("io.geofusion.internal"));
    assertThat(ModuleLayer.boot().findModule("commons.math3")).isEmpty();
    assertThat(ModuleLayer.boot().findModule("GeographicLib.Java")).isEmpty();
  }

  @Test
  void history_onTheModulePath_loadsDuckDbAndRoundTrips(@TempDir Path dir) throws Exception {
    assertThat(LibraryUse.historyRoundTrip(dir)).isEqualTo(1);
  }

  @Test
  void libraryCalls_reachingShadedAndRequiredLibraries_work() {
    assertThat(LibraryUse.amsterdamFrankfurtKm()).isCloseTo(364.0, within(5.0));
    assertThat(LibraryUse.bestlineKmPerRttMs()).isGreaterThan(0.0);
    assertThat(LibraryUse.circlePolygonContainsCentre()).isTrue();
    assertThat(LibraryUse.tcpBackendName()).isEqualTo("tcp-connect");
    assertThat(LibraryUse.nativeUdpPingUnavailableReason()).isEmpty();
    assertThat(LibraryUse.emptyHtmlMap()).contains("Leaflet 1.9.4", "GeoFusionMap",
        "\"countries\"");
  }

  private static String automaticModuleName(URI location) throws IOException {
    try (JarFile jar = new JarFile(Path.of(location).toFile())) {
      return jar.getManifest() == null ? null
          : jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
    }
  }
}
