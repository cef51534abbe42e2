package actors.cancel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import actors.TestKitLifecycle;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.CompletionTimeoutException;
import org.apache.pekko.stream.InitialTimeoutException;
import org.apache.pekko.stream.StreamIdleTimeoutException;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code tokio::time::timeout} and friends: each timeout is a typed failure with a clear message.
 * Virtual time: the test moves the clock past the timeout instead of waiting for it.
 */
@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class TimeoutsTest {

  static final ActorTestKit testKit =
      ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load("application-test")));
  static final ManualTime time = ManualTime.get(testKit.system());
  static final Duration TIMEOUT = Duration.ofSeconds(1);

  /**
   * A stream's timer is set when the stream starts, which is asynchronous: keep moving the clock
   * until the stream has failed, then return its failure.
   */
  static Throwable failureAfterTimePasses(CompletionStage<?> stream) {
    CompletableFuture<?> future = stream.toCompletableFuture();
    TestProbe<Void> probe = testKit.createTestProbe();
    probe.awaitAssert(
        () -> {
          time.timePasses(TIMEOUT);
          assertThat(future).isCompletedExceptionally();
          return null;
        });
    return assertThatThrownBy(future::get)
        .isInstanceOf(ExecutionException.class)
        .actual()
        .getCause();
  }

  @Test
  void ask_toAnActorThatNeverAnswersFailsWithATimeoutNamingTheMessage() {
    ActorRef<String> silent = testKit.spawn(Behaviors.ignore());
    CompletionStage<Done> reply =
        AskPattern.ask(silent, replyTo -> "hello?", TIMEOUT, testKit.system().scheduler());
    time.timePasses(TIMEOUT);

    Throwable failure = reply.handle((ok, e) -> e).toCompletableFuture().join();
    assertThat(failure).isInstanceOf(TimeoutException.class).hasMessageContaining("timed out");
    assertThat(failure.getMessage()).contains("1000 ms").contains("java.lang.String");
  }

  @Test
  void completionTimeout_streamNotDoneInTimeFailsWithCompletionTimeoutException() {
    Throwable failure =
        failureAfterTimePasses(
            Source.repeat(1).completionTimeout(TIMEOUT).runWith(Sink.ignore(), testKit.system()));
    assertThat(failure)
        .isInstanceOf(CompletionTimeoutException.class)
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("has not been completed in 1 second");
  }

  @Test
  void idleTimeout_noElementForTooLongFailsWithStreamIdleTimeoutException() {
    Throwable failure =
        failureAfterTimePasses(
            Source.never().idleTimeout(TIMEOUT).runWith(Sink.ignore(), testKit.system()));
    assertThat(failure)
        .isInstanceOf(StreamIdleTimeoutException.class)
        .hasMessageContaining("No elements passed in the last");
  }

  @Test
  void initialTimeout_noFirstElementInTimeFailsWithInitialTimeoutException() {
    Throwable failure =
        failureAfterTimePasses(
            Source.never().initialTimeout(TIMEOUT).runWith(Sink.ignore(), testKit.system()));
    assertThat(failure)
        .isInstanceOf(InitialTimeoutException.class)
        .hasMessageContaining("first element has not yet passed through in 1 second");
  }
}
