package actors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import actors.support.InvalidSettingException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** The settings check themselves, however they are built, and name the key that is wrong. */
class PipelineSettingsTest {

  static final Config CONFIG = ConfigFactory.load();

  static PipelineSettings with(String key, Object value) {
    return PipelineSettings.create(
        ConfigFactory.parseMap(java.util.Map.of(PipelineSettings.key(key), value))
            .withFallback(CONFIG));
  }

  @Test
  void theShippedDefaultsAreValid() {
    PipelineSettings settings = PipelineSettings.create(CONFIG);
    assertThat(settings.parallelism()).isEqualTo(64);
    assertThat(settings.maxLineLength()).isEqualTo(64 * 1024);
  }

  @Test
  void everyRangeIsChecked_namingTheKey() {
    Object[][] cases = {
      {"parallelism", 0},
      {"parallelism", 5000},
      {"buffer", 0},
      {"timeout", "0s"},
      {"timeout", "31d"},
      {"connect-timeout", "0s"},
      {"idle-timeout", "0s"},
      {"retries", -1},
      {"backoff-min", "0s"},
      {"backoff-max", "50ms"},
      {"backoff-random-factor", 1.5},
      {"max-bytes", 0},
      {"max-redirects", 101},
      {"max-line-length", 8},
    };
    for (Object[] c : cases) {
      String key = PipelineSettings.key((String) c[0]);
      assertThatThrownBy(() -> with((String) c[0], c[1]))
          .as(key + " = " + c[1])
          .isInstanceOfSatisfying(
              InvalidSettingException.class,
              e ->
                  assertThat(e.key())
                      .isEqualTo(
                          c[0].equals("backoff-max") ? PipelineSettings.key("backoff-min") : key));
    }
  }

  @Test
  void aValueOfTheWrongType_namesTheKeyToo() {
    assertThatThrownBy(() -> with("timeout", "soon"))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("actors.pipeline.timeout cannot be read");
  }
}
