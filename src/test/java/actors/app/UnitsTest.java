package actors.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {

  @Test
  void parseDuration_acceptsTheIssuesSpellings() {
    assertThat(Units.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Units.parseDuration("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(Units.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Units.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Units.parseDuration("0s")).isZero();
  }

  @Test
  void parseDuration_bareNumberIsRejectedNotGuessed() {
    assertThatThrownBy(() -> Units.parseDuration("30"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'30' has no unit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"5x", "", "fast", "-1s"})
  void parseDuration_badInputNamesTheValueAndTheExpectedForm(String text) {
    assertThatThrownBy(() -> Units.parseDuration(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void parseSize_acceptsBinaryAndDecimalUnits() {
    assertThat(Units.parseSize("512KiB")).isEqualTo(512 * 1024L);
    assertThat(Units.parseSize("10MB")).isEqualTo(10_000_000L);
    assertThat(Units.parseSize("1GiB")).isEqualTo(1L << 30);
    assertThat(Units.parseSize("4096")).isEqualTo(4096L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10mb", "12Q", "lots", "-5", "99999999999999999999", "9EiB"})
  void parseSize_badInputNamesTheValue(String text) {
    assertThatThrownBy(() -> Units.parseSize(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }
}
