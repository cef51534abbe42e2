package actors.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import actors.TestKitLifecycle;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A job's commands, events, state and views survive Pekko's serialization (Jackson CBOR): the
 * journal's rows now, the messages between nodes later.
 */
@ExtendWith({LogCapturingExtension.class, TestKitLifecycle.class})
class JobSerializationTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @Test
  void commandsEventsStateAndViews_roundTrip() {
    JobSpec spec = new JobSpec("j-1", 3, Map.of("parallelism", "8", "timeout", "30s"));
    JobCounts counts = new JobCounts(1, 2, 3, 4, 5, 6, 7000);
    JobView view =
        new JobView(
            "j-1",
            JobStatus.DONE,
            3,
            1,
            2,
            3,
            4,
            5,
            6,
            7000,
            "2026-12-01T00:00:00Z",
            "2026-12-01T00:00:01Z",
            null);
    for (Object message :
        new Object[] {
          new JobEntity.Create(spec, testKit.<StatusReply<JobView>>createTestProbe().ref()),
          new JobEntity.Get(testKit.<StatusReply<JobView>>createTestProbe().ref()),
          new JobEntity.Cancel(testKit.<StatusReply<JobView>>createTestProbe().ref()),
          new JobEntity.Subscribe(testKit.<JobEntity.Update>createTestProbe().ref()),
          new JobEntity.Suspend(testKit.<Done>createTestProbe().ref()),
          JobEntity.Wake.INSTANCE,
          JobEntity.SlotGranted.INSTANCE,
          new JobEntity.Update(view, true),
          new JobEntity.Submitted(spec, 1L),
          new JobEntity.Started(2L),
          new JobEntity.CancelRequested(3L),
          new JobEntity.Ended(JobStatus.CANCELLED, counts, 4L, null),
          new JobEntity.State(JobStatus.RUNNING, spec, 1L, counts, 0L, null, true),
          new JobRegistry.Added("j-1"),
          new JobRegistry.Finished("j-1"),
          new JobRegistry.State(java.util.List.of("j-1", "j-2"), java.util.List.of("j-2"))
        }) {
      assertThat(testKit.serializationTestKit().verifySerialization(message, true))
          .as(message.getClass().getSimpleName())
          .isEqualTo(message);
    }
  }
}
