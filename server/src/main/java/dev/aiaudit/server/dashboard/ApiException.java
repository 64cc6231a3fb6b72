package dev.aiaudit.server.dashboard;

/** A request the API refuses: answered as {@code {"error": message, "status": status}} with that HTTP status. */
public final class ApiException extends RuntimeException {
  private final int status;

  public ApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }
}
