package actors.serve;

/**
 * A request's route as a metric label: the path with its names replaced ({@code
 * /counters/{name}/increment}), so that a label has a few values, not one per counter. A path no
 * route serves is {@code other}.
 */
final class RouteNames {

  private RouteNames() {}

  static String of(String path) {
    String[] parts = path.split("/", -1);
    // parts[0] is the empty string before the leading slash.
    int n = parts.length - 1;
    if (n < 1) {
      return "other";
    }
    String first = parts[1];
    return switch (first) {
      case "counters" ->
          n == 2
              ? "/counters/{name}"
              : n == 3 && parts[3].equals("increment") ? "/counters/{name}/increment" : "other";
      case "cache" -> n == 1 ? "/cache" : n == 2 ? "/cache/{key}" : "other";
      case "jobs" ->
          n == 1
              ? "/jobs"
              : n == 2
                  ? "/jobs/{id}"
                  : n == 3 && (parts[3].equals("manifest") || parts[3].equals("events"))
                      ? "/jobs/{id}/" + parts[3]
                      : "other";
      case "health" ->
          n == 2 && (parts[2].equals("alive") || parts[2].equals("ready"))
              ? "/health/" + parts[2]
              : "other";
      case "metrics" -> n == 1 ? "/metrics" : "other";
      default -> "other";
    };
  }
}
