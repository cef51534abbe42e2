package actors.counter;

import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every message, event and state of a counter survives Pekko's serialization (Jackson CBOR, as
 * bound in persistence.conf): what the journal stores today and what a cluster sends between nodes.
 * A record Jackson cannot rebuild fails here, not in production.
 */
@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class CounterEntitySerializationTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @Test
  void messagesEventsAndState_roundTrip() {
    TestProbe<StatusReply<Long>> replies = testKit.createTestProbe();
    TestProbe<Long> values = testKit.createTestProbe();
    for (Object message :
        new Object[] {
          new CounterEntity.Increment(5, replies.ref()),
          new CounterEntity.Get(values.ref()),
          new CounterEntity.Incremented(42, 7),
          new CounterEntity.State(Long.MAX_VALUE)
        }) {
      assertThat(testKit.serializationTestKit().verifySerialization(message, true))
          .isEqualTo(message);
    }
  }
}
