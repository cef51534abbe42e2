package actors.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import actors.pipeline.Outcome;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A {@link ClusterJob} whose journal write fails restarts and recovers from what was written, and
 * still ends when its last line is reported: its lines are counted once, not once per recovery. (A
 * node holding the shared H2 journal that dies makes the other nodes' writes fail so.)
 */
@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class ClusterJobRestartTest {

  static final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseString(FailingJournal.CONFIG).withFallback(ConfigFactory.load()));

  static final Duration WAIT = Duration.ofSeconds(15);

  @Test
  void aFailedWrite_restartsTheJob_whichStillEndsOnceEveryLineIsReported() {
    String id = "restart-" + System.nanoTime();
    TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
    ActorRef<ClusterJob.Command> job =
        testKit.spawn(ClusterJob.create(id, shard.getRef(), JobMetrics.NONE));
    List<ClusterJob.PlannedLine> lines =
        List.of(
            new ClusterJob.PlannedLine(1, "http://127.0.0.1:1/a", null),
            new ClusterJob.PlannedLine(2, "http://127.0.0.1:1/b", null),
            new ClusterJob.PlannedLine(3, "http://127.0.0.1:1/c", null));
    TestProbe<StatusReply<Done>> added = testKit.createTestProbe();
    job.tell(new ClusterJob.AddLines(0, lines, added.getRef()));
    assertThat(added.receiveMessage(WAIT).isSuccess()).isTrue();
    TestProbe<StatusReply<JobView>> views = testKit.createTestProbe();
    job.tell(new ClusterJob.Create(new JobSpec(id, 3, Map.of()), views.getRef()));
    assertThat(views.receiveMessage(WAIT).isSuccess()).isTrue();

    TestProbe<Done> reported = testKit.createTestProbe();
    FailingJournal.failNext(1);
    LoggingTestKit.error("Failed to persist event")
        .expect(
            testKit.system(),
            () -> {
              job.tell(new ClusterJob.Report(ok(1), reported.getRef())); // lost with its write
              return null;
            });
    for (long line = 1; line <= 3; line++) { // as a worker does: again, until answered
      job.tell(new ClusterJob.Report(ok(line), reported.getRef()));
      reported.receiveMessage(WAIT);
    }

    job.tell(new ClusterJob.Get(views.getRef()));
    JobView view = views.receiveMessage(WAIT).getValue();
    assertThat(view.status()).isEqualTo(JobStatus.DONE);
    assertThat(view.ok()).isEqualTo(3);
  }

  private static ClusterJob.LineResult ok(long line) {
    return new ClusterJob.LineResult(line, Outcome.Status.OK, 10, "{\"line\":" + line + "}");
  }
}
