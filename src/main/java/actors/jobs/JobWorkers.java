package actors.jobs;

import actors.support.CborSerializable;
import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * A node's share of the cluster's download jobs: one per node, registered with the Receptionist, so
 * that a {@link ClusterJob} anywhere finds every node's workers. A {@link Join} starts the node's
 * run of that job ({@link JobNodeRun}: its workers, its pipeline, its files under this node's
 * {@code --data}); a {@link Leave}, sent when the job has ended, stops it. Join is idempotent: a
 * job that recovers on another node joins again, and the run already here goes on.
 */
public final class JobWorkers {

  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "job-workers");

  public sealed interface Command extends CborSerializable {}

  /** Work on job {@code job}, with its download options. */
  public record Join(String job, Map<String, String> options) implements Command {}

  /** Job {@code job} has ended: stop working on it. */
  public record Leave(String job) implements Command {}

  private record RunStopped(String job, ActorRef<JobNodeRun.Command> run)
      implements Command, NoSerializationVerificationNeeded {}

  private JobWorkers() {}

  /**
   * This node's workers: files under {@code jobsDir}, options over {@code config}, at most {@code
   * workers} lines of one job at once here, and {@code node} (this node's address) in every
   * manifest line they produce.
   */
  public static Behavior<Command> create(
      Path jobsDir, Config config, String node, int workers, JobMetrics metrics) {
    return Behaviors.setup(
        context -> {
          context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
          Map<String, ActorRef<JobNodeRun.Command>> runs = new HashMap<>();
          return Behaviors.<Command>receive(
              (ctx, command) -> {
                if (command instanceof Join join && !runs.containsKey(join.job())) {
                  ActorRef<JobNodeRun.Command> run =
                      ctx.spawn(
                          JobNodeRun.create(
                              join.job(),
                              JobEntity.settings(
                                  new JobSpec(join.job(), 0, join.options()), config),
                              jobsDir.resolve(join.job()),
                              node,
                              workers,
                              metrics),
                          "job-" + join.job());
                  ctx.watchWith(run, new RunStopped(join.job(), run));
                  runs.put(join.job(), run);
                } else if (command instanceof Leave leave && runs.containsKey(leave.job())) {
                  runs.get(leave.job()).tell(JobNodeRun.Finish.INSTANCE);
                } else if (command instanceof RunStopped stopped) {
                  runs.remove(stopped.job(), stopped.run());
                }
                return Behaviors.same();
              });
        });
  }
}
