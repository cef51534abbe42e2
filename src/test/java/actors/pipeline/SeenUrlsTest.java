package actors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeenUrlsTest {

  @Test
  void add_firstTimeTrueThenFalseAcrossManyGrowths() {
    SeenUrls seen = new SeenUrls();
    for (int i = 0; i < 50_000; i++) {
      assertThat(seen.add("http://example.com/file/" + i)).isTrue();
    }
    for (int i = 0; i < 50_000; i++) {
      assertThat(seen.add("http://example.com/file/" + i)).isFalse();
    }
    assertThat(seen.size()).isEqualTo(50_000);
  }
}
