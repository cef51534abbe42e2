package actors.cache;

import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A partitioned cache's question to all its partitions always gets an answer: never silence. */
@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class GatherTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  final TestProbe<Cache.Command> first = testKit.createTestProbe();
  final TestProbe<Cache.Command> second = testKit.createTestProbe();
  final TestProbe<StatusReply<Integer>> caller = testKit.createTestProbe();

  void askSize(Duration timeout) {
    testKit.spawn(
        Gather.create(
            "size",
            Integer.class,
            List.of(first.ref(), second.ref()),
            Cache.Size::new,
            Integer::sum,
            caller.ref(),
            timeout));
  }

  static void answer(TestProbe<Cache.Command> partition, int size) {
    partition.expectMessageClass(Cache.Size.class).replyTo().tell(StatusReply.success(size));
  }

  @Test
  void everyPartitionAnswers_theSum() {
    askSize(Duration.ofSeconds(10));
    answer(first, 3);
    answer(second, 4);
    assertThat(caller.receiveMessage().getValue()).isEqualTo(7);
  }

  @Test
  void aPartitionThatStopped_anErrorReplyAtOnce_notAPartialSum() {
    askSize(Duration.ofMinutes(5)); // far away: the reply must not wait for the timeout
    answer(first, 3);
    second.expectMessageClass(Cache.Size.class);
    second.stop();
    StatusReply<Integer> reply = caller.receiveMessage(Duration.ofSeconds(10));
    assertThat(reply.isError()).isTrue();
    assertThat(reply.getError()).hasMessage("cache size: partition 1 has stopped");
  }

  @Test
  void aPartitionThatNeverAnswers_anErrorReplyAfterTheTimeout() {
    askSize(Duration.ofMillis(300));
    answer(first, 3);
    StatusReply<Integer> reply = caller.receiveMessage(Duration.ofSeconds(10));
    assertThat(reply.getError())
        .hasMessage("cache size: 1 of 2 partitions did not answer within 300 ms");
  }
}
