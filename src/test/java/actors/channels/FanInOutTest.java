package actors.channels;

import static actors.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class FanInOutTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final ActorSystem<Void> system = testKit.system();

  @Test
  void fanIn_consumerGetsAllTenValuesInEachProducersOrderThenTheEnd() throws Exception {
    Pair<FanIn.Senders<Integer>, CompletionStage<List<Integer>>> pair =
        FanIn.source(Integer.class, 2).toMat(Sink.seq(), Keep.both()).run(system);
    FanIn.Senders<Integer> senders = pair.first();
    // Rust's tx (0..4) and tx2 (100..104); the end comes once both are done.
    senders.closeAfter(
        List.of(
            senders.attach(Source.range(0, 4), Materializer.matFromSystem(system)),
            senders.attach(Source.range(100, 104), Materializer.matFromSystem(system))));

    List<Integer> received = await(pair.second());
    assertThat(received).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 100, 101, 102, 103, 104);
    assertThat(received.stream().filter(v -> v < 100)).containsExactly(0, 1, 2, 3, 4);
    assertThat(received.stream().filter(v -> v >= 100)).containsExactly(100, 101, 102, 103, 104);
  }

  static List<CompletionStage<List<Integer>>> attach(Source<Integer, NotUsed> hub, int consumers) {
    List<CompletionStage<List<Integer>>> results = new ArrayList<>();
    for (int i = 0; i < consumers; i++) {
      results.add(hub.runWith(Sink.seq(), system));
    }
    return results;
  }

  @Test
  void workSharing_eachItemReachesExactlyOneConsumer() throws Exception {
    Source<Integer, NotUsed> hub =
        Source.range(1, 1000).runWith(FanOut.workSharing(Integer.class, 3, 16), system);
    List<CompletionStage<List<Integer>>> consumers = attach(hub, 3);

    List<Integer> all = new ArrayList<>();
    for (CompletionStage<List<Integer>> consumer : consumers) {
      List<Integer> got = await(consumer);
      assertThat(got).isSorted(); // one producer: each consumer sees its share in order
      all.addAll(got);
    }
    assertThat(all).hasSize(1000).containsExactlyInAnyOrderElementsOf(range(1, 1000));
  }

  @Test
  void broadcast_everyConsumerGetsEveryItem() throws Exception {
    Source<Integer, NotUsed> hub =
        Source.range(1, 1000).runWith(FanOut.broadcast(Integer.class, 3, 16), system);
    for (CompletionStage<List<Integer>> consumer : attach(hub, 3)) {
      assertThat(await(consumer)).isEqualTo(range(1, 1000));
    }
  }

  static List<Integer> range(int from, int to) {
    return IntStream.rangeClosed(from, to).boxed().toList();
  }

  @Test
  void fanIn_producerAttachedAfterCloseIsCancelled() throws Exception {
    Pair<FanIn.Senders<Integer>, CompletionStage<List<Integer>>> pair =
        FanIn.source(Integer.class, 2).toMat(Sink.seq(), Keep.both()).run(system);
    pair.first().close();
    assertThat(await(pair.second())).isEmpty();

    CompletionStage<?> late =
        Source.repeat(1).watchTermination(Keep.right()).to(pair.first().sink()).run(system);
    await(late); // the producer was stopped instead of waiting forever
  }
}
