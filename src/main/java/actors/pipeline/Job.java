package actors.pipeline;

/**
 * A line to download: where from, into which file, the SHA-256 its body must have (lower-case hex;
 * null if the line gave none), what an earlier run completed for it when it is to be revalidated
 * (null: download it), and since when it waits for a slot.
 */
record Job(
    InputLine line,
    RequestUrl url,
    String fileName,
    String sha256,
    Outcome previous,
    long readyNanos)
    implements ValidatedLine {}
