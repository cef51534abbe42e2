package actors.app;

import static org.assertj.core.api.Assertions.assertThat;

import actors.pipeline.PipelineEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The progress line: bytes of bodies still streaming count, the limit shows, and an ETA appears
 * only once what is left has a known size. Manual time drives its redraws.
 */
class ProgressDisplayTest {

  static final ActorTestKit testKit = ActorTestKit.create(ManualTime.config());
  static final ManualTime time = ManualTime.get(testKit.system());
  static final Duration INTERVAL = Duration.ofSeconds(1);

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  /** A display of {@code total} lines; returns its event listener. */
  private ActorRef<PipelineEvent> display(long total, long limit) {
    var display =
        testKit.spawn(
            ProgressDisplay.create(
                new PrintStream(printed, true, StandardCharsets.UTF_8),
                true,
                false,
                INTERVAL,
                OptionalLong.of(total),
                limit));
    TestProbe<ActorRef<PipelineEvent>> listener = testKit.createTestProbe();
    display.tell(new ProgressDisplay.GetListener(listener.getRef()));
    ActorRef<PipelineEvent> events = listener.receiveMessage();
    this.display = display;
    return events;
  }

  private ActorRef<ProgressDisplay.Command> display;

  /** The line drawn after the next interval (the answer to a later question orders the two). */
  private String nextLine() {
    time.timePasses(INTERVAL);
    TestProbe<ActorRef<PipelineEvent>> barrier = testKit.createTestProbe();
    display.tell(new ProgressDisplay.GetListener(barrier.getRef()));
    barrier.receiveMessage();
    String[] lines = printed.toString(StandardCharsets.UTF_8).split("\r");
    return lines[lines.length - 1];
  }

  @Test
  void streamingBodies_countBeforeTheyEnd_andGiveAnEtaOnceEveryLengthIsKnown() {
    ActorRef<PipelineEvent> events = display(2, 0);
    events.tell(new PipelineEvent.Started("a"));
    events.tell(new PipelineEvent.Received("a", 3 << 20, 8 << 20));
    assertThat(nextLine())
        .contains("0/2 done, 1 in flight")
        .doesNotContainPattern("flight, 0\\.0 MB/s")
        .doesNotContain("ETA");

    events.tell(new PipelineEvent.Started("b"));
    events.tell(new PipelineEvent.Received("b", 1 << 20, -1));
    assertThat(nextLine()).doesNotContain("ETA"); // b's length is not known

    events.tell(new PipelineEvent.Received("b", 2 << 20, 4 << 20));
    assertThat(nextLine()).contains("2 in flight").containsPattern("ETA \\d+(s|m\\d\\ds|h\\d\\dm)");
  }

  @Test
  void theLimit_showsOnTheLine() {
    display(5, 2_500_000);
    assertThat(nextLine()).contains("(limit 2.5 MB/s)").doesNotContain("ETA");
  }

  @Test
  void eta_isWrittenAsPeopleReadIt() {
    assertThat(ProgressDisplay.eta(42.4)).isEqualTo("42s");
    assertThat(ProgressDisplay.eta(185)).isEqualTo("3m05s");
    assertThat(ProgressDisplay.eta(7800)).isEqualTo("2h10m");
  }
}
