package actors.counter;

import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Mutex poisoning, the actor way: what a failed increment leaves behind, per supervision. */
@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class CounterSupervisionTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  final TestProbe<StatusReply<Long>> replies = testKit.createTestProbe();
  final TestProbe<Long> counts = testKit.createTestProbe();

  /** Adds 40, then an overflowing amount; returns the counter for the next question. */
  ActorRef<Counter.Command> countTo40ThenOverflow(Behavior<Counter.Command> behavior) {
    ActorRef<Counter.Command> counter = testKit.spawn(behavior);
    counter.tell(new Counter.Add(40, replies.ref()));
    assertThat(replies.receiveMessage().getValue()).isEqualTo(40L);

    counter.tell(new Counter.Add(Long.MAX_VALUE, replies.ref()));
    StatusReply<Long> failed = replies.receiveMessage();
    assertThat(failed.isError()).isTrue();
    assertThat(failed.getError())
        .hasMessageContaining("increment rejected")
        .hasMessageContaining("40 + " + Long.MAX_VALUE);
    return counter;
  }

  @Test
  void resume_keepsTheCountAndServesTheNextMessage() {
    ActorRef<Counter.Command> counter = countTo40ThenOverflow(Counter.resumingOnOverflow());
    counter.tell(new Counter.Get(counts.ref()));
    counts.expectMessage(40L);
    counter.tell(new Counter.Add(2, replies.ref()));
    assertThat(replies.receiveMessage().getValue()).isEqualTo(42L);
  }

  @Test
  void restart_resetsTheCountToZero() {
    ActorRef<Counter.Command> counter = countTo40ThenOverflow(Counter.restartingOnOverflow());
    counter.tell(new Counter.Get(counts.ref()));
    counts.expectMessage(0L);
  }

  @Test
  void unsupervised_stopsLikeAMutexPoisonedForever() {
    ActorRef<Counter.Command> counter = countTo40ThenOverflow(Counter.create());
    counts.expectTerminated(counter);
  }

  @Test
  void resume_fireAndForgetOverflowIsLoggedAndTheCountKept() {
    ActorRef<Counter.Command> counter = testKit.spawn(Counter.resumingOnOverflow());
    counter.tell(new Counter.Increment(Long.MAX_VALUE));
    LoggingTestKit.warn("increment rejected")
        .withCustom(event -> event.getThrowable().isEmpty()) // one line, no stack trace
        .expect(
            testKit.system(),
            () -> {
              counter.tell(new Counter.Increment(1));
              return null;
            });
    counter.tell(new Counter.Get(counts.ref()));
    counts.expectMessage(Long.MAX_VALUE);
  }
}
