package actors.channels;

import static actors.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import actors.TestKitLifecycle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class ChannelTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final ActorSystem<Void> system = testKit.system();

  /**
   * A channel whose consumer is a queue the test pulls: the slowest consumer there is. Its stage
   * would prefetch 16 elements by default (the input buffer); 1 makes the bound exact.
   */
  static Pair<Channel<Integer>, SinkQueueWithCancel<Integer>> channelWithPulledConsumer(
      int capacity) {
    Sink<Integer, SinkQueueWithCancel<Integer>> consumer =
        Sink.<Integer>queue(1).withAttributes(Attributes.inputBuffer(1, 1));
    return Channel.<Integer>source(capacity).toMat(consumer, Keep.both()).run(system);
  }

  @Test
  void send_waitsForTheConsumerOnceTheBufferIsFull() throws Exception {
    int capacity = 4;
    int sends = 20;
    Pair<Channel<Integer>, SinkQueueWithCancel<Integer>> pair = channelWithPulledConsumer(capacity);
    List<CompletableFuture<Channel.SendResult<Integer>>> results = new ArrayList<>();
    for (int i = 0; i < sends; i++) {
      results.add(pair.first().send(i).toCompletableFuture());
    }

    // Nothing pulled yet: the buffer fills (the consumer's stage may hold one more), then the
    // producer waits.
    TestProbe<Void> probe = testKit.createTestProbe();
    int bound = capacity + 1;
    probe.awaitAssert(
        () -> assertThat(completed(results)).isBetween((long) capacity, (long) bound));
    assertThat(results.get(bound).isDone()).as("the producer waits").isFalse();

    // Then it runs at the consumer's pace. It is woken once the buffer is down to half and refills
    // it: never more than the bound ahead of what was taken, and never left waiting once the
    // buffer is half empty (taken + 1 in the consumer's stage + more than half the buffer).
    for (int taken = 1; taken <= sends; taken++) {
      assertThat(await(pair.second().pull())).contains(taken - 1);
      long most = Math.min(sends, taken + bound);
      long least = Math.min(sends, taken + 1 + capacity / 2 + 1);
      probe.awaitAssert(() -> assertThat(completed(results)).isBetween(least, most));
    }
    assertThat(results).allMatch(r -> r.join() instanceof Channel.Sent);
  }

  static long completed(List<CompletableFuture<Channel.SendResult<Integer>>> results) {
    return results.stream().filter(CompletableFuture::isDone).count();
  }

  @Test
  void source_materializedTwiceIsRefusedRatherThanSharingItsState() {
    Source<Integer, Channel<Integer>> source = Channel.source(2);
    source.to(Sink.ignore()).run(system);
    assertThatThrownBy(() -> source.to(Sink.ignore()).run(system))
        .hasMessageContaining("a Channel source is materialized once");
  }

  @Test
  void close_consumerGetsTheBufferedValuesThenTheEnd() throws Exception {
    Pair<Channel<Integer>, CompletionStage<List<Integer>>> pair =
        Channel.<Integer>source(2).toMat(Sink.seq(), Keep.both()).run(system);
    Channel<Integer> channel = pair.first();
    for (int i = 0; i < 5; i++) {
      assertThat(await(channel.send(i))).isInstanceOf(Channel.Sent.class);
    }
    channel.close();
    assertThat(await(pair.second())).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void send_afterCloseHandsTheValueBack() throws Exception {
    Pair<Channel<String>, CompletionStage<List<String>>> pair =
        Channel.<String>source(2).toMat(Sink.seq(), Keep.both()).run(system);
    pair.first().close();
    await(pair.second());

    Channel.SendResult<String> result = await(pair.first().send("late"));
    assertThat(result).isInstanceOf(Channel.Rejected.class);
    Channel.Rejected<String> rejected = (Channel.Rejected<String>) result;
    assertThat(rejected.value()).isEqualTo("late");
    assertThat(rejected.reason()).contains("closed");
  }

  @Test
  void send_whenTheConsumerWentAwayFailsFastInsteadOfWaiting() throws Exception {
    Pair<Channel<Integer>, SinkQueueWithCancel<Integer>> pair = channelWithPulledConsumer(1);
    List<CompletableFuture<Channel.SendResult<Integer>>> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      results.add(pair.first().send(i).toCompletableFuture());
    }
    assertThat(await(pair.second().pull())).isEqualTo(Optional.of(0));

    pair.second().cancel(); // the receiver is dropped while producers wait for room
    await(pair.first().whenDone());

    for (CompletableFuture<Channel.SendResult<Integer>> result : results) {
      assertThat(await(result)).isNotNull(); // every waiting send completed: none blocks forever
    }
    assertThat(results.stream().map(CompletableFuture::join))
        .filteredOn(r -> r instanceof Channel.Rejected)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(((Channel.Rejected<Integer>) r).reason()).contains("closed"));
    Channel.SendResult<Integer> late = await(pair.first().send(99));
    assertThat(late)
        .isEqualTo(new Channel.Rejected<>(99, ((Channel.Rejected<Integer>) late).reason()));
  }
}
