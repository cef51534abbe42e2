package actors.jobs;

import actors.pipeline.Outcome;
import actors.pipeline.Summary;
import actors.support.CborSerializable;

/** How a job's lines ended so far, and the bytes downloaded. Immutable; {@link #plus} adds one. */
public record JobCounts(
    long ok, long failed, long skipped, long cancelled, long invalid, long duplicate, long bytes)
    implements CborSerializable {

  public static final JobCounts ZERO = new JobCounts(0, 0, 0, 0, 0, 0, 0);

  /** These counts and one more line. */
  public JobCounts plus(Outcome outcome) {
    return plus(outcome.status(), outcome.bytes());
  }

  /** These counts and one more line that ended {@code status}, with {@code bytes} if ok. */
  public JobCounts plus(Outcome.Status status, long bytes) {
    return new JobCounts(
        ok + (status == Outcome.Status.OK ? 1 : 0),
        failed + (status == Outcome.Status.FAILED ? 1 : 0),
        skipped + (status == Outcome.Status.SKIPPED ? 1 : 0),
        cancelled + (status == Outcome.Status.CANCELLED ? 1 : 0),
        invalid + (status == Outcome.Status.INVALID ? 1 : 0),
        duplicate + (status == Outcome.Status.DUPLICATE ? 1 : 0),
        this.bytes + (status == Outcome.Status.OK ? bytes : 0));
  }

  /** A finished run's counts. */
  public static JobCounts of(Summary summary) {
    return new JobCounts(
        summary.count(Outcome.Status.OK),
        summary.count(Outcome.Status.FAILED),
        summary.count(Outcome.Status.SKIPPED),
        summary.count(Outcome.Status.CANCELLED),
        summary.count(Outcome.Status.INVALID),
        summary.count(Outcome.Status.DUPLICATE),
        summary.bytes());
  }
}
