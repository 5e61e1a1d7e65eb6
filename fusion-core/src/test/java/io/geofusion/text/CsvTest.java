package io.geofusion.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CsvTest {

  @Test
  void split_quotedCommasAndDoubledQuotes_oneCellEach() {
    assertThat(Csv.split("a, b ,\"c,d\",\"say \"\"hi\"\"\",")).containsExactly("a", " b ", "c,d",
        "say \"hi\"", "");
    assertThat(Csv.split("")).containsExactly("");
  }

  @Test
  void split_unterminatedQuote_rejected() {
    assertThatThrownBy(() -> Csv.split("a,\"b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unterminated quote");
  }
}
