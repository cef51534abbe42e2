package actors.cancel;

import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.AbruptStageTerminationException;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RunnableGraph;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code JoinHandle::abort} and dropping the receiver. */
@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class AbortAndDropTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @Test
  void abort_stoppingTheOwningActorAbortsItsStream() {
    TestProbe<Object> ended = testKit.createTestProbe();
    TestProbe<Integer> running = testKit.createTestProbe();
    RunnableGraph<?> forever =
        Source.repeat(1)
            .watchTermination(
                (mat, done) -> done.whenComplete((d, failure) -> ended.ref().tell(failure)))
            .to(Sink.foreach(running.ref()::tell));
    ActorRef<Void> owner = testKit.spawn(StreamOwner.create(forever));
    running.receiveMessage(); // the stream runs

    testKit.stop(owner);
    assertThat(ended.receiveMessage()).isInstanceOf(AbruptStageTerminationException.class);
  }

  @Test
  void drop_receiverThatStopsTakingCancelsTheProducer() throws Exception {
    Pair<CompletionStage<Done>, CompletionStage<List<Integer>>> run =
        Source.repeat(1)
            .watchTermination(Keep.right())
            .take(3) // the receiver takes three, then is dropped
            .toMat(Sink.seq(), Keep.both())
            .run(testKit.system());

    assertThat(run.second().toCompletableFuture().get(10, TimeUnit.SECONDS))
        .containsExactly(1, 1, 1);
    // The producer, which would repeat forever, was told and stopped: its termination completes.
    assertThat(run.first().toCompletableFuture().get(10, TimeUnit.SECONDS))
        .isEqualTo(Done.getInstance());
  }
}
