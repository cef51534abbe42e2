package actors.serve;

import actors.jobs.JobEntity;
import actors.jobs.JobSpec;
import actors.jobs.JobView;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * What {@code /jobs} needs of the download jobs, on one node ({@link LocalJobs}: the registry and
 * the pipeline) or spread over a cluster ({@link ClusterJobs}). A stage fails with {@link
 * actors.jobs.NoSuchJobException} for an unknown id, {@link actors.jobs.JobEndedException} for a
 * cancel that comes too late, and a {@code TimeoutException} when the job does not answer.
 */
interface Jobs {

  /** Creates the job whose URL list {@link JobSubmissions} has written; the job as created. */
  CompletionStage<JobView> submit(JobSpec spec);

  CompletionStage<JobView> view(String id);

  CompletionStage<JobView> cancel(String id);

  /** The job tells {@code subscriber} its progress until it ends ({@link JobEntity.Update}). */
  void subscribe(String id, ActorRef<JobEntity.Update> subscriber);

  /** Every job's id, oldest first. */
  CompletionStage<List<String>> ids();

  /** The job's manifest lines so far, given its {@code view} (just read by the route). */
  Source<ByteString, NotUsed> manifest(JobView view);
}
