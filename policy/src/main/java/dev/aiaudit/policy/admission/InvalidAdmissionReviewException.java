package dev.aiaudit.policy.admission;

/** The request body is not a usable AdmissionReview v1 request (an HTTP 400 for the webhook). */
public final class InvalidAdmissionReviewException extends Exception {

  private static final long serialVersionUID = 1L;

  public InvalidAdmissionReviewException(String message) {
    super(message);
  }
}
