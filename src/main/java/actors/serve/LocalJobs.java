package actors.serve;

import actors.jobs.JobEntity;
import actors.jobs.JobRegistry;
import actors.jobs.JobSpec;
import actors.jobs.JobStatus;
import actors.jobs.JobView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The jobs of one node: every command goes to the {@link JobRegistry}, which knows the jobs and
 * forwards to the job's entity; the manifest is the file the job's pipeline writes in its
 * directory.
 */
final class LocalJobs implements Jobs {

  private final ActorRef<JobRegistry.Command> registry;
  private final JobSubmissions submissions;
  private final Duration timeout;
  private final Scheduler scheduler;

  LocalJobs(
      ActorRef<JobRegistry.Command> registry,
      JobSubmissions submissions,
      Duration timeout,
      Scheduler scheduler) {
    this.registry = registry;
    this.submissions = submissions;
    this.timeout = timeout;
    this.scheduler = scheduler;
  }

  @Override
  public CompletionStage<JobView> submit(JobSpec spec) {
    return AskPattern.askWithStatus(
        registry, replyTo -> new JobRegistry.Submit(spec.id(), spec, replyTo), timeout, scheduler);
  }

  @Override
  public CompletionStage<JobView> view(String id) {
    return AskPattern.askWithStatus(
        registry,
        replyTo -> new JobRegistry.Forward(id, new JobEntity.Get(replyTo)),
        timeout,
        scheduler);
  }

  @Override
  public CompletionStage<JobView> cancel(String id) {
    return AskPattern.askWithStatus(
        registry,
        replyTo -> new JobRegistry.Forward(id, new JobEntity.Cancel(replyTo)),
        timeout,
        scheduler);
  }

  @Override
  public void subscribe(String id, ActorRef<JobEntity.Update> subscriber) {
    registry.tell(new JobRegistry.Forward(id, new JobEntity.Subscribe(subscriber)));
  }

  @Override
  public CompletionStage<List<String>> ids() {
    return AskPattern.ask(registry, JobRegistry.ListJobs::new, timeout, scheduler);
  }

  /**
   * The final manifest once the job has ended, the draft the running pipeline appends to while it
   * runs (or the last run's manifest, before the draft exists).
   */
  @Override
  public Source<ByteString, NotUsed> manifest(JobView view) {
    Path dir = submissions.dir(view.id());
    Path draft = dir.resolve(".actors-partial").resolve("manifest.jsonl");
    Path manifest = dir.resolve("manifest.jsonl");
    Optional<Path> file =
        view.status() == JobStatus.RUNNING && Files.exists(draft)
            ? Optional.of(draft)
            : Files.exists(manifest) ? Optional.of(manifest) : Optional.empty();
    return file.map(path -> FileIO.fromPath(path).mapMaterializedValue(io -> NotUsed.getInstance()))
        .orElseGet(Source::empty);
  }
}
