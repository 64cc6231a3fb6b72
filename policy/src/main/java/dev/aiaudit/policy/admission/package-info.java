/**
 * The admission decision as a plain function: an inventory item goes through an {@link
 * dev.aiaudit.policy.admission.AdmissionPolicy}, {@code deny} violations refuse it and {@code audit}
 * violations become warnings. {@link dev.aiaudit.policy.admission.AdmissionReviews} turns a Kubernetes
 * AdmissionReview v1 request into a response; the HTTPS server lives in the {@code server} module.
 */
package dev.aiaudit.policy.admission;
