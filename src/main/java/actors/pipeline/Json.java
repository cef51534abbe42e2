package actors.pipeline;

/** Just enough JSON to write manifest lines and summaries; no library needed for flat objects. */
final class Json {

  private Json() {}

  static StringBuilder field(StringBuilder json, String name, Object value) {
    json.append('"').append(name).append("\":");
    if (value == null) {
      return json.append("null");
    }
    if (value instanceof Number || value instanceof Boolean) {
      return json.append(value);
    }
    return quote(json, value.toString());
  }

  static StringBuilder quote(StringBuilder json, String text) {
    json.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"');
  }
}
