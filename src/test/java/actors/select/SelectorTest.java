package actors.select;

import actors.TestKitLifecycle;
import actors.select.Selector.Kind;
import actors.select.Selector.Selected;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Timers run on virtual time: a test advances the clock instead of waiting for it. */
@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class SelectorTest {

  static final ActorTestKit testKit =
      ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load("application-test")));
  static final ManualTime time = ManualTime.get(testKit.system());
  static final Duration ONE_SECOND = Duration.ofSeconds(1);

  final ActorRef<Selector.Command> selector = testKit.spawn(Selector.create());
  final TestProbe<Selected> result = testKit.createTestProbe();

  @Test
  void select_firstMessageWinsAndTheTimerIsCancelled() {
    selector.tell(new Selector.Select(ONE_SECOND, result.ref()));
    selector.tell(new Selector.Received("ch1", 7));
    result.expectMessage(new Selected(Kind.RECEIVED, "ch1", 7));

    time.timePasses(Duration.ofSeconds(2));
    time.expectNoMessageFor(Duration.ofMillis(10), result); // no late TIMEOUT: the timer is gone
  }

  @Test
  void select_timeoutWinsWhenNothingIsReadyInTime() {
    selector.tell(new Selector.Select(ONE_SECOND, result.ref()));
    time.expectNoMessageFor(Duration.ofMillis(999), result);
    time.timePasses(Duration.ofMillis(1));
    result.expectMessage(new Selected(Kind.TIMEOUT, "", 0));
  }

  @Test
  void select_valueArrivingAfterATimeoutIsKeptForTheNextSelect() {
    selector.tell(new Selector.Select(ONE_SECOND, result.ref()));
    time.timePasses(ONE_SECOND);
    result.expectMessage(new Selected(Kind.TIMEOUT, "", 0));

    selector.tell(new Selector.Received("ch2", 9));
    selector.tell(new Selector.Received("ch1", 1));
    selector.tell(new Selector.Select(ONE_SECOND, result.ref()));
    result.expectMessage(new Selected(Kind.RECEIVED, "ch2", 9));
    selector.tell(new Selector.Select(ONE_SECOND, result.ref()));
    result.expectMessage(new Selected(Kind.RECEIVED, "ch1", 1));
  }

  @Test
  void select_completedSendWins() {
    selector.tell(new Selector.Send("ch2", 42, CompletableFuture.completedFuture("ok")));
    selector.tell(new Selector.Select(ONE_SECOND, result.ref()));
    result.expectMessage(new Selected(Kind.SENT, "ch2", 42));
  }

  @Test
  void select_sendCompletingAfterItsSelectTimedOutIsReportedToTheNext() {
    CompletableFuture<String> send = new CompletableFuture<>();
    selector.tell(new Selector.Send("ch2", 42, send));
    selector.tell(new Selector.Select(ONE_SECOND, result.ref()));
    time.timePasses(ONE_SECOND);
    result.expectMessage(new Selected(Kind.TIMEOUT, "", 0));

    send.completeExceptionally(new IllegalStateException("channel closed"));
    selector.tell(new Selector.Select(ONE_SECOND, result.ref()));
    result.expectMessage(new Selected(Kind.SEND_FAILED, "ch2", 42));
  }

  @Test
  void select_eachReadyEventGoesToExactlyOneWaiterOldestFirst() {
    TestProbe<Selected> second = testKit.createTestProbe();
    selector.tell(new Selector.Select(ONE_SECOND, result.ref()));
    selector.tell(new Selector.Select(ONE_SECOND, second.ref()));
    selector.tell(new Selector.Received("ch1", 1));
    selector.tell(new Selector.Received("ch1", 2));
    result.expectMessage(new Selected(Kind.RECEIVED, "ch1", 1));
    second.expectMessage(new Selected(Kind.RECEIVED, "ch1", 2));
  }

  @Test
  void trySelect_answersAtOnceWhetherOrNotAnythingIsReady() {
    selector.tell(new Selector.TrySelect(result.ref()));
    result.expectMessage(new Selected(Kind.NOTHING_READY, "", 0));

    selector.tell(new Selector.Received("r2", 2));
    selector.tell(new Selector.TrySelect(result.ref()));
    result.expectMessage(new Selected(Kind.RECEIVED, "r2", 2));
  }
}
