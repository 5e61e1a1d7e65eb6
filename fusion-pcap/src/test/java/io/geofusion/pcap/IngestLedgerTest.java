package io.geofusion.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ledger file the user did not write: the error names the file, the line and the problem. */
class IngestLedgerTest {

  @TempDir Path dir;

  @Test
  void open_binaryGarbage_namesTheFileLineAndEncoding() throws IOException {
    Path ledger = Files.write(dir.resolve("ledger.tsv"), new byte[] {(byte) 0xFF, (byte) 0xFE,
        0x00, (byte) 0x9C, '\n'});

    IOException e = assertThrows(IOException.class, () -> IngestLedger.open(ledger));

    assertThat(e.getMessage()).contains(ledger + ":1:").contains("not UTF-8")
        .doesNotContain("Input length");
  }

  @Test
  void open_lineThatIsNotALedgerLine_namesTheFileAndLine() throws IOException {
    Path ledger = Files.writeString(dir.resolve("ledger.tsv"), "\nhello\n");

    IOException e = assertThrows(IOException.class, () -> IngestLedger.open(ledger));

    assertThat(e.getMessage()).startsWith(ledger + ":2: not a ledger line");
  }
}
