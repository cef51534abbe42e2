package actors.jobs;

import actors.support.CborSerializable;
import java.util.Map;

/**
 * What a job is asked to do, as its first event stores it: its URL list (a file, {@code urls.txt}
 * in the job's directory, written before the job is submitted), how many lines it holds, and the
 * download options given (keys of {@code actors.pipeline}, values as written: {@code "timeout":
 * "30s"}), checked already by the route exactly as the command line checks them.
 *
 * @param dir the job's directory: its {@code urls.txt}, manifest and files
 */
public record JobSpec(String dir, long total, Map<String, String> options)
    implements CborSerializable {}
