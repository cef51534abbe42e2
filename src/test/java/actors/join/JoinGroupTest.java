package actors.join;

import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class JoinGroupTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  /** A task that reports its address to {@code started}, then stops (or throws) on command. */
  enum Finish {
    NORMALLY,
    BY_THROWING
  }

  static Behavior<Finish> controlledTask(ActorRef<ActorRef<Finish>> started) {
    return Behaviors.setup(
        context -> {
          started.tell(context.getSelf());
          return Behaviors.receiveMessage(
              finish -> {
                if (finish == Finish.BY_THROWING) {
                  throw new IllegalStateException("task gave up");
                }
                return Behaviors.stopped();
              });
        });
  }

  @Test
  void join_parentDoesNotContinueBeforeEveryTaskStopped() {
    TestProbe<ActorRef<Finish>> started = testKit.createTestProbe();
    TestProbe<JoinGroup.Joined> joined = testKit.createTestProbe();
    Map<String, Behavior<?>> tasks = new LinkedHashMap<>();
    tasks.put("first", controlledTask(started.ref()));
    tasks.put("second", controlledTask(started.ref()));
    testKit.spawn(JoinGroup.create(tasks, joined.ref()));

    ActorRef<Finish> one = started.receiveMessage();
    ActorRef<Finish> other = started.receiveMessage();

    one.tell(Finish.NORMALLY);
    joined.expectNoMessage(Duration.ofMillis(200));

    other.tell(Finish.NORMALLY);
    JoinGroup.Joined result = joined.receiveMessage();
    assertThat(result.tasks()).extracting(JoinGroup.TaskEnded::task).contains("first", "second");
    assertThat(result.failures()).isEmpty();
  }

  @Test
  void join_linesPrintedByTasksArriveBeforeJoined() {
    TestProbe<Object> events = testKit.createTestProbe();
    Map<String, Behavior<?>> tasks = new LinkedHashMap<>();
    tasks.put("A", PrintTask.create("A", events.ref()::tell));
    tasks.put("B", PrintTask.create("B", events.ref()::tell));
    testKit.spawn(JoinGroup.create(tasks, events.ref().narrow()));

    assertThat(events.receiveSeveralMessages(2)).containsExactlyInAnyOrder("A", "B");
    events.expectMessageClass(JoinGroup.Joined.class);
  }

  @Test
  void join_failedTaskIsReportedAndDoesNotStopTheOthers() {
    TestProbe<ActorRef<Finish>> started = testKit.createTestProbe();
    TestProbe<JoinGroup.Joined> joined = testKit.createTestProbe();
    Map<String, Behavior<?>> tasks = new LinkedHashMap<>();
    tasks.put("fails", PrintTask.failing("cannot start"));
    tasks.put("throws", controlledTask(started.ref()));
    tasks.put("works", controlledTask(started.ref()));
    testKit.spawn(JoinGroup.create(tasks, joined.ref()));
    ActorRef<Finish> a = started.receiveMessage();
    ActorRef<Finish> b = started.receiveMessage();

    // Which of a and b is "throws" depends on start order: make one throw, then the other stop.
    LoggingTestKit.error(IllegalStateException.class)
        .withMessageContains("task gave up")
        .expect(
            testKit.system(),
            () -> {
              a.tell(Finish.BY_THROWING);
              return null;
            });
    joined.expectNoMessage(Duration.ofMillis(100));
    b.tell(Finish.NORMALLY);

    JoinGroup.Joined result = joined.receiveMessage();
    assertThat(result.tasks()).hasSize(3);
    assertThat(result.failures())
        .extracting(task -> task.failure().orElseThrow().getMessage())
        .containsExactlyInAnyOrder("cannot start", "task gave up");
  }

  @Test
  void join_emptyGroupJoinsAtOnce() {
    TestProbe<JoinGroup.Joined> joined = testKit.createTestProbe();
    testKit.spawn(JoinGroup.create(Map.of(), joined.ref()));
    assertThat(joined.receiveMessage().tasks()).isEmpty();
  }
}
