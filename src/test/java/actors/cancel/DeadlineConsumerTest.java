package actors.cancel;

import actors.TestKitLifecycle;
import actors.cancel.DeadlineConsumer.DeadlinePassed;
import actors.cancel.DeadlineConsumer.Ended;
import actors.cancel.DeadlineConsumer.Received;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Cancellation with a deadline on virtual time: 300 ms ticks, a 1 s deadline, a kill switch as
 * token.
 */
@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class DeadlineConsumerTest {

  static final ActorTestKit testKit =
      ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load("application-test")));
  static final ManualTime time = ManualTime.get(testKit.system());
  static final Duration TICK = Duration.ofMillis(300);

  final TestProbe<DeadlineConsumer.Event> events = testKit.createTestProbe();
  final TestProbe<Done> producerStopped = testKit.createTestProbe();

  /** The producer, reporting to a probe when it stops for whatever reason. */
  Source<Integer, ?> watchedProducer() {
    return Producers.every(TICK, 10)
        .watchTermination(
            (mat, done) ->
                done.whenComplete((d, e) -> producerStopped.ref().tell(Done.getInstance())));
  }

  @Test
  void deadline_cancelsTheProducerAfterThreeValuesAndNothingKeepsRunning() {
    testKit.spawn(DeadlineConsumer.create(watchedProducer(), Duration.ofSeconds(1), events.ref()));
    events.expectMessage(DeadlineConsumer.Running.INSTANCE);

    for (int value = 0; value < 3; value++) {
      time.timePasses(TICK);
      events.expectMessage(new Received(value));
    }
    time.expectNoMessageFor(Duration.ofMillis(99), events);
    time.timePasses(Duration.ofMillis(1)); // t = 1 s
    events.expectMessage(new DeadlinePassed(Duration.ofSeconds(1)));
    producerStopped.expectMessage(Done.getInstance());
    events.expectMessage(new Ended(null));

    time.timePasses(Duration.ofSeconds(5)); // the rest of the producer's ticks never come
    time.expectNoMessageFor(Duration.ofMillis(10), events, producerStopped);
  }

  @Test
  void producerFinishingBeforeTheDeadlineEndsTheConsumer() {
    Source<Integer, ?> shortProducer = Producers.every(TICK, 2);
    testKit.spawn(DeadlineConsumer.create(shortProducer, Duration.ofSeconds(1), events.ref()));
    events.expectMessage(DeadlineConsumer.Running.INSTANCE);
    time.timePasses(TICK);
    events.expectMessage(new Received(0));
    time.timePasses(TICK);
    events.expectMessage(new Received(1));
    events.expectMessage(new Ended(null));

    time.timePasses(Duration.ofSeconds(1)); // the consumer stopped: its timer died with it
    time.expectNoMessageFor(Duration.ofMillis(10), events);
  }
}
