package actors.counter;

import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import actors.join.JoinGroup;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class CounterTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  static final int WINDOW =
      CounterSettings.create(testKit.system().settings().config()).workerWindow();

  /**
   * Runs {@code workers} CounterWorkers of {@code increments} each, joins them, returns the count.
   */
  static long countWithWorkers(int workers, long increments) {
    ActorRef<Counter.Command> counter = testKit.spawn(Counter.create());
    Map<String, Behavior<?>> tasks = new LinkedHashMap<>();
    for (int i = 0; i < workers; i++) {
      tasks.put("worker-" + i, CounterWorker.create(counter, increments, WINDOW));
    }
    TestProbe<JoinGroup.Joined> joined = testKit.createTestProbe();
    testKit.spawn(JoinGroup.create(tasks, joined.ref()));
    // Generous: a deadline for a loaded 2-core machine, not a speed target.
    assertThat(joined.receiveMessage(Duration.ofMinutes(2)).failures()).isEmpty();

    TestProbe<Long> count = testKit.createTestProbe();
    counter.tell(new Counter.Get(count.ref()));
    return count.receiveMessage();
  }

  @Test
  void increment_fourWorkersOfTenThousandReachExactTotal() {
    assertThat(countWithWorkers(4, 10_000)).isEqualTo(40_000);
  }

  @Test
  void increment_fourWorkersOfAMillionReachExactTotal() {
    assertThat(countWithWorkers(4, 1_000_000)).isEqualTo(4_000_000);
  }

  @Test
  void increment_batchingWorkersReachExactTotal_evenWhenTheBatchDoesNotDivideIt() {
    ActorRef<Counter.Command> counter = testKit.spawn(Counter.create());
    Map<String, Behavior<?>> tasks = new LinkedHashMap<>();
    for (int i = 0; i < 4; i++) {
      tasks.put("batcher-" + i, CounterWorker.batching(counter, 1_000_003, 1_000, WINDOW));
    }
    TestProbe<JoinGroup.Joined> joined = testKit.createTestProbe();
    testKit.spawn(JoinGroup.create(tasks, joined.ref()));
    assertThat(joined.receiveMessage(Duration.ofMinutes(2)).failures()).isEmpty();
    TestProbe<Long> count = testKit.createTestProbe();
    counter.tell(new Counter.Get(count.ref()));
    count.expectMessage(4_000_012L);
  }

  @Test
  void batchingWorker_sendsOneIncrementPerBatch_aWindowOfMessagesAtATime() {
    TestProbe<Counter.Command> counter = testKit.createTestProbe();
    ActorRef<CounterWorker.Command> worker =
        testKit.spawn(CounterWorker.batching(counter.ref(), 25, 10, 2));
    counter.expectMessage(new Counter.Increment(10));
    counter.expectMessage(new Counter.Increment(10));
    Counter.Get sync = counter.expectMessageClass(Counter.Get.class);
    counter.expectNoMessage(Duration.ofMillis(50));
    sync.replyTo().tell(0L);
    counter.expectMessage(new Counter.Increment(5));
    counter.expectMessageClass(Counter.Get.class).replyTo().tell(0L);
    counter.expectTerminated(worker);
  }

  @Test
  void get_afterASendersIncrementsSeesAllOfThem() {
    ActorRef<Counter.Command> counter = testKit.spawn(Counter.create());
    TestProbe<Long> count = testKit.createTestProbe();
    for (int i = 0; i < 10_000; i++) {
      counter.tell(new Counter.Increment(1));
    }
    counter.tell(new Counter.Get(count.ref()));
    count.expectMessage(10_000L);
  }

  @Test
  void add_repliesWithTheNewCount() {
    ActorRef<Counter.Command> counter = testKit.spawn(Counter.create());
    TestProbe<org.apache.pekko.pattern.StatusReply<Long>> reply = testKit.createTestProbe();
    counter.tell(new Counter.Add(5, reply.ref()));
    counter.tell(new Counter.Add(-7, reply.ref()));
    assertThat(reply.receiveMessage().getValue()).isEqualTo(5L);
    assertThat(reply.receiveMessage().getValue()).isEqualTo(-2L);
  }

  @Test
  void worker_neverHasMoreThanOneWindowUnconfirmed() {
    TestProbe<Counter.Command> counter = testKit.createTestProbe();
    ActorRef<CounterWorker.Command> worker =
        testKit.spawn(CounterWorker.create(counter.ref(), 7, 3));

    for (int expected : new int[] {3, 3, 1}) {
      for (int i = 0; i < expected; i++) {
        counter.expectMessage(new Counter.Increment(1));
      }
      Counter.Get sync = counter.expectMessageClass(Counter.Get.class);
      // Nothing more until the counter confirms: that is what bounds the counter's mailbox.
      counter.expectNoMessage(Duration.ofMillis(50));
      sync.replyTo().tell(0L);
    }
    counter.expectTerminated(worker);
  }
}
