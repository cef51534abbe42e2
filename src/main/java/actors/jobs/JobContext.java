package actors.jobs;

import com.typesafe.config.Config;
import java.nio.file.Path;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What every job entity works with, the same for all of them: where their directories are, who
 * grants slots, who hears that a job ended, the config their options are layered over, and the
 * metrics they report to.
 */
record JobContext(
    Path jobsDir,
    ActorRef<JobScheduler.Command> scheduler,
    ActorRef<JobRegistry.Command> registry,
    Config config,
    JobMetrics metrics) {}
