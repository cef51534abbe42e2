package actors.backpressure;

import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.MailboxSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A bounded mailbox under a flood: what does not fit is dropped, and every drop is counted. */
@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class DropCounterTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final int CAPACITY = 10;
  static final int SENT = 1_000;

  /**
   * Reports each item to {@code received}; the first one is held until {@code release}, so the test
   * knows exactly what the mailbox holds while it floods. Runs on the blocking dispatcher: it
   * blocks, on purpose, in a test only.
   */
  static Behavior<Tally.Command> slowOnFirstItem(
      CountDownLatch holding, CountDownLatch release, ActorRef<Tally.Command> received) {
    return Behaviors.receiveMessage(
        first -> {
          holding.countDown();
          release.await(30, TimeUnit.SECONDS);
          received.tell(first);
          return Behaviors.receiveMessage(
              next -> {
                received.tell(next);
                return Behaviors.same();
              });
        });
  }

  @Test
  void flood_receivedPlusDroppedEqualsSent() throws Exception {
    ActorRef<DropCounter.Command> counter =
        testKit.spawn(DropCounter.create(Duration.ofMillis(100)));
    TestProbe<Done> subscribed = testKit.createTestProbe();
    counter.tell(new DropCounter.AwaitSubscribed(subscribed.ref()));
    subscribed.expectMessage(Done.getInstance());

    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TestProbe<Tally.Command> received = testKit.createTestProbe();
    ActorRef<Tally.Command> bounded =
        testKit.spawn(
            slowOnFirstItem(holding, release, received.ref()),
            "bounded",
            MailboxSelector.bounded(CAPACITY)
                .withDispatcherFromConfig("pekko.actor.default-blocking-io-dispatcher"));

    bounded.tell(Tally.Item.INSTANCE);
    assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue(); // the actor holds item 1
    LoggingTestKit.warn("dropped")
        .expect(
            testKit.system(),
            () -> {
              for (int i = 1; i < SENT; i++) {
                bounded.tell(Tally.Item.INSTANCE); // never blocks: a full mailbox sheds
              }
              return null;
            });
    release.countDown();

    int expectedReceived = 1 + CAPACITY;
    received.receiveSeveralMessages(expectedReceived);
    received.expectNoMessage(Duration.ofMillis(100));
    TestProbe<Long> drops = testKit.createTestProbe();
    drops.awaitAssert(
        () -> {
          counter.tell(new DropCounter.GetDrops(bounded, Tally.Item.class, drops.ref()));
          assertThat(drops.receiveMessage() + expectedReceived).isEqualTo(SENT);
          return null;
        });
  }
}
