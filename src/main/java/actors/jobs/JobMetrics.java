package actors.jobs;

import actors.pipeline.Outcome;

/**
 * What the jobs report to the service's metrics: implemented over Micrometer by {@code
 * actors.serve}, so this package does not depend on it. Called from the actors; implementations
 * must be thread-safe and quick (a meter update).
 */
public interface JobMetrics {

  /** A line of a job ended. */
  void line(Outcome outcome);

  /** A job ended with {@code status}. */
  void ended(JobStatus status);

  /** Jobs waiting and running now. */
  void slots(int queued, int running);

  JobMetrics NONE =
      new JobMetrics() {
        @Override
        public void line(Outcome outcome) {}

        @Override
        public void ended(JobStatus status) {}

        @Override
        public void slots(int queued, int running) {}
      };
}
