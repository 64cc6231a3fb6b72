/**
 * The Kubernetes ValidatingAdmissionWebhook over HTTPS (Javalin on Jetty 12): {@link
 * dev.aiaudit.server.admission.AdmissionWebhookServer} serves {@code POST /validate} with the decision function
 * of {@code dev.aiaudit.policy.admission}, {@link dev.aiaudit.server.admission.TlsMaterial} loads the
 * certificate and key. Its load driver lives in the {@code bench} module ({@code bench webhook}).
 */
package dev.aiaudit.server.admission;
