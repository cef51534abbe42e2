package actors.support;

import static actors.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestKitLifecycle.class)
class StagesTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @Test
  void plain_callbacksRunOnTheCompletingThreadNotOnAThreadStartedForThem() throws Exception {
    CompletionStage<Integer> fromPekko =
        Source.single(1).runWith(Sink.<Integer>head(), testKit.system());
    String thread = await(Stages.plain(fromPekko).thenApply(v -> Thread.currentThread().getName()));
    // Composed directly on Pekko's stage, the callback would run on the JDK's default async
    // executor: a new "Thread-N" per callback on a 2-core machine, the common pool elsewhere.
    assertThat(thread).doesNotStartWith("Thread-").doesNotContain("commonPool");
  }

  @Test
  void plain_failuresPassThrough() {
    CompletionStage<Integer> failed =
        Source.<Integer>failed(new IllegalStateException("boom"))
            .runWith(Sink.head(), testKit.system());
    assertThat(Stages.plain(failed))
        .failsWithin(java.time.Duration.ofSeconds(10))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(IllegalStateException.class);
  }
}
