package actors.jobs;

import actors.support.CborSerializable;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A job as {@code GET /jobs/{id}} shows it: its status, how its lines ended so far, and when it was
 * created and finished (ISO-8601, UTC; {@code finished} is null until it ends). {@code error} is
 * there only for a {@code failed} job.
 */
@JsonPropertyOrder({
  "id",
  "status",
  "total",
  "ok",
  "failed",
  "skipped",
  "cancelled",
  "invalid",
  "duplicate",
  "bytes",
  "created",
  "finished",
  "error"
})
public record JobView(
    String id,
    JobStatus status,
    long total,
    long ok,
    long failed,
    long skipped,
    long cancelled,
    long invalid,
    long duplicate,
    long bytes,
    String created,
    String finished,
    @JsonInclude(JsonInclude.Include.NON_NULL) String error)
    implements CborSerializable {

  static JobView of(
      String id,
      JobStatus status,
      long total,
      JobCounts counts,
      String created,
      String finished,
      String error) {
    return new JobView(
        id,
        status,
        total,
        counts.ok(),
        counts.failed(),
        counts.skipped(),
        counts.cancelled(),
        counts.invalid(),
        counts.duplicate(),
        counts.bytes(),
        created,
        finished,
        error);
  }
}
