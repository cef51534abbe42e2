package actors.cancel;

import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class CancellationTokenTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final Materializer materializer = Materializer.matFromSystem(testKit.system());

  final TestProbe<String> stopped = testKit.createTestProbe();

  /**
   * A stream that would run forever, guarded by {@code token}; reports {@code name} when it ends.
   */
  void runGuarded(String name, CancellationToken token) {
    CompletionStage<Done> done =
        Source.repeat(1).via(token.flow()).runWith(Sink.ignore(), materializer);
    done.thenRun(() -> stopped.ref().tell(name));
  }

  @Test
  void cancel_parentCancelsEveryChild() {
    CancellationToken parent = CancellationToken.create("parent");
    runGuarded("parent", parent);
    runGuarded("child-1", parent.child("child-1"));
    runGuarded("grandchild", parent.child("child-2").child("grandchild"));

    parent.cancel();
    assertThat(stopped.receiveSeveralMessages(3))
        .containsExactlyInAnyOrder("parent", "child-1", "grandchild");
  }

  @Test
  void cancel_childCancelsOnlyItselfNotItsParentOrSiblings() {
    CancellationToken parent = CancellationToken.create("parent");
    CancellationToken child1 = parent.child("child-1");
    runGuarded("parent", parent);
    runGuarded("child-1", child1);
    runGuarded("child-2", parent.child("child-2"));

    child1.cancel();
    stopped.expectMessage("child-1");
    stopped.expectNoMessage(Duration.ofMillis(200));

    parent.cancel(); // clean up, and show the others were still running until now
    assertThat(stopped.receiveSeveralMessages(2)).containsExactlyInAnyOrder("parent", "child-2");
  }
}
