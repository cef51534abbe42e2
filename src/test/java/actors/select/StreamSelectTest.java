package actors.select;

import static actors.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class StreamSelectTest {

  static final ActorTestKit testKit =
      ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load("application-test")));
  static final ManualTime time = ManualTime.get(testKit.system());
  static final Materializer materializer = Materializer.matFromSystem(testKit.system());

  @Test
  void first_readyBranchWinsAndEveryOtherElementStaysInTheTail() throws Exception {
    Map<String, Source<Integer, ?>> branches = new LinkedHashMap<>();
    branches.put("ch1", Source.from(List.of(1, 2, 3)));
    branches.put("ch2", Source.from(List.of(100, 101)));

    StreamSelect.FirstOf<Integer> first =
        await(StreamSelect.first(branches, Duration.ofSeconds(1), materializer));
    List<Integer> all = new ArrayList<>();
    first.winner().value().ifPresent(all::add);
    CompletionStage<List<StreamSelect.Tagged<Integer>>> rest =
        first.rest().takeWhile(t -> t.value().isPresent()).runWith(Sink.seq(), materializer);
    time.timePasses(Duration.ofSeconds(1)); // the timeout element ends the tail
    await(rest).forEach(t -> all.add(t.value().orElseThrow()));

    assertThat(first.winner().branch()).isIn("ch1", "ch2");
    assertThat(all).containsExactlyInAnyOrder(1, 2, 3, 100, 101);
  }

  @Test
  void first_timeoutWinsWhenNoBranchIsReady() throws Exception {
    CompletionStage<StreamSelect.FirstOf<Integer>> select =
        StreamSelect.first(
            Map.of("ch1", Source.<Integer>never()), Duration.ofSeconds(1), materializer);
    time.timePasses(Duration.ofMillis(999));
    assertThat(select.toCompletableFuture().isDone()).isFalse();
    time.timePasses(Duration.ofMillis(1));
    assertThat(await(select).winner())
        .isEqualTo(new StreamSelect.Tagged<Integer>(StreamSelect.Tagged.TIMEOUT, Optional.empty()));
  }

  @Test
  void first_cancellingTheTailStopsTheLosingBranches() throws Exception {
    TestProbe<Done> loserStopped = testKit.createTestProbe();
    Source<Integer, ?> loser =
        Source.<Integer>never()
            .watchTermination(
                (mat, done) -> done.thenRun(() -> loserStopped.ref().tell(Done.getInstance())));
    Map<String, Source<Integer, ?>> branches = new LinkedHashMap<>();
    branches.put("winner", Source.single(1));
    branches.put("loser", loser);

    StreamSelect.FirstOf<Integer> first =
        await(StreamSelect.first(branches, Duration.ofSeconds(1), materializer));
    assertThat(first.winner().branch()).isEqualTo("winner");
    first.rest().runWith(Sink.cancelled(), materializer);
    loserStopped.expectMessage(Done.getInstance());
  }

  @Test
  void tryReceive_returnsEmptyAtOnceAndNeverLosesALateElement() throws Exception {
    Pair<
            org.apache.pekko.stream.javadsl.SourceQueueWithComplete<Integer>,
            SinkQueueWithCancel<Integer>>
        pair =
            Source.<Integer>queue(4, org.apache.pekko.stream.OverflowStrategy.backpressure())
                .toMat(Sink.queue(), Keep.both())
                .run(materializer);
    TryReceiver<Integer> receiver = new TryReceiver<>(pair.second());
    assertThat(receiver.tryReceive()).isEqualTo(new TryReceiver.Empty<Integer>());

    await(pair.first().offer(7));
    TestProbe<Void> probe = testKit.createTestProbe();
    probe.awaitAssert(
        () -> assertThat(receiver.tryReceive()).isEqualTo(new TryReceiver.Value<>(7)));
    pair.first().complete();
    probe.awaitAssert(
        () -> assertThat(receiver.tryReceive()).isEqualTo(new TryReceiver.Closed<Integer>()));
  }
}
