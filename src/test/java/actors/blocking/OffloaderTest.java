package actors.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import actors.counter.Counter;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class OffloaderTest {

  /**
   * Two default-dispatcher threads: a handful of blocked jobs would starve it, if they ran there.
   */
  static final int DEFAULT_THREADS = 2;

  static final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseString(
                  "pekko.actor.default-dispatcher.fork-join-executor {"
                      + " parallelism-min = 2, parallelism-max = 2 }")
              .withFallback(ConfigFactory.load("application-test")));

  @Test
  void run_repliesWithTheJobsResult() {
    ActorRef<Offloader.Command> offloader = testKit.spawn(Offloader.create());
    TestProbe<StatusReply<String>> reply = testKit.createTestProbe();
    offloader.tell(new Offloader.Run<>(() -> Digests.sha256("abc".getBytes()), reply.ref()));
    assertThat(reply.receiveMessage().getValue())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void run_failingJobRepliesWithItsErrorAndTheOffloaderGoesOn() {
    ActorRef<Offloader.Command> offloader = testKit.spawn(Offloader.create());
    TestProbe<StatusReply<String>> reply = testKit.createTestProbe();
    offloader.tell(
        new Offloader.Run<String>(
            () -> Digests.sha256(java.nio.file.Path.of("/no/such/file")), reply.ref()));
    StatusReply<String> failed = reply.receiveMessage();
    assertThat(failed.isError()).isTrue();
    assertThat(failed.getError()).isInstanceOf(java.nio.file.NoSuchFileException.class);

    offloader.tell(new Offloader.Run<>(() -> "still here", reply.ref()));
    assertThat(reply.receiveMessage().getValue()).isEqualTo("still here");
  }

  @Test
  void run_jobsRunOnTheBlockingDispatcher() {
    ActorRef<Offloader.Command> offloader = testKit.spawn(Offloader.create());
    TestProbe<StatusReply<String>> reply = testKit.createTestProbe();
    offloader.tell(new Offloader.Run<>(() -> Thread.currentThread().getName(), reply.ref()));
    assertThat(reply.receiveMessage().getValue()).contains("actors.blocking-dispatcher");
  }

  @Test
  void run_defaultDispatcherAnswersWhileMoreJobsThanItsThreadsBlock() throws Exception {
    ActorRef<Offloader.Command> offloader = testKit.spawn(Offloader.create());
    int jobs = 4 * DEFAULT_THREADS;
    BlockedJobs blocked = new BlockedJobs(jobs);
    TestProbe<StatusReply<String>> done = testKit.createTestProbe();
    try {
      for (int i = 0; i < jobs; i++) {
        offloader.tell(new Offloader.Run<>(blocked::block, done.ref()));
      }
      assertThat(blocked.started.await(30, TimeUnit.SECONDS)).as("all jobs running").isTrue();

      ActorRef<Counter.Command> counter = testKit.spawn(Counter.create());
      TestProbe<Long> count = testKit.createTestProbe();
      for (long i = 1; i <= 3; i++) {
        counter.tell(new Counter.Increment(1));
        counter.tell(new Counter.Get(count.ref()));
        count.expectMessage(i);
      }
    } finally {
      blocked.release.countDown();
    }
    assertThat(done.receiveSeveralMessages(jobs)).allMatch(StatusReply::isSuccess);
  }

  /**
   * The control experiment: the same jobs on the default dispatcher starve every actor on it, so
   * the test above would fail if the Offloader ran its jobs there.
   */
  @Test
  void control_sameJobsOnTheDefaultDispatcherStarveIt() throws Exception {
    ActorRef<Offloader.Command> offloader =
        testKit.spawn(Offloader.create(DispatcherSelector.defaultDispatcher()));
    ActorRef<Counter.Command> counter = testKit.spawn(Counter.create());
    int jobs = 4 * DEFAULT_THREADS;
    BlockedJobs blocked = new BlockedJobs(DEFAULT_THREADS);
    TestProbe<StatusReply<String>> done = testKit.createTestProbe();
    TestProbe<Long> count = testKit.createTestProbe();
    try {
      for (int i = 0; i < jobs; i++) {
        offloader.tell(new Offloader.Run<>(blocked::block, done.ref()));
      }
      assertThat(blocked.started.await(30, TimeUnit.SECONDS)).as("threads taken").isTrue();
      counter.tell(new Counter.Get(count.ref()));
      count.expectNoMessage(Duration.ofMillis(500));
    } finally {
      blocked.release.countDown();
    }
    count.expectMessage(Duration.ofSeconds(30), 0L);
    done.receiveSeveralMessages(jobs, Duration.ofSeconds(30));
  }

  /** Jobs that report they started and block until the test releases them. */
  static final class BlockedJobs {
    final CountDownLatch started;
    final CountDownLatch release = new CountDownLatch(1);

    BlockedJobs(int expected) {
      started = new CountDownLatch(expected);
    }

    String block() throws InterruptedException {
      started.countDown();
      if (!release.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
      return "released";
    }
  }
}
