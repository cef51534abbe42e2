package actors.channels;

import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An actor's mailbox is the unbounded mpsc channel: many senders, one receiver, per-sender order.
 */
@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class MailboxChannelTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @Test
  void mailbox_twoProducerActorsDeliverAllValuesInEachProducersOrder() {
    TestProbe<Integer> consumer = testKit.createTestProbe();
    testKit.spawn(Producer.create(consumer.ref(), 0, 4));
    testKit.spawn(Producer.create(consumer.ref(), 100, 104));

    List<Integer> received = consumer.receiveSeveralMessages(10);
    assertThat(received.stream().filter(v -> v < 100)).containsExactly(0, 1, 2, 3, 4);
    assertThat(received.stream().filter(v -> v >= 100)).containsExactly(100, 101, 102, 103, 104);
  }
}
