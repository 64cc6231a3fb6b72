package dev.aiaudit.model;

import java.util.Objects;

/**
 * A change of compliance state of one subject (an AI deployment), found by the policy engine
 * (OCSF Compliance Finding, class_uid 2003). Journaled like any event, so a verdict history is as
 * tamper-evident as the accesses it rests on.
 *
 * @param timeNs when the change was found, ns since the epoch
 * @param host host that found it
 * @param subject what changed state, e.g. {@code k8s:ml/Deployment/llm-serve}
 * @param previousState state before ({@code absent} when the subject is new)
 * @param state state now ({@code compliant}, {@code non-compliant}, {@code warn}, {@code absent}, ...)
 * @param message why: the violated policies, one line
 * @param source what produced it, e.g. {@code policy-watch}
 */
public record FindingEvent(long timeNs, String host, String subject, String previousState, String state, String message,
    String source) implements Event {

  public static final int CLASS_UID = 2003;

  public FindingEvent {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(previousState, "previousState");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(source, "source");
    if (previousState.contains("->") || state.contains("->")) {
      throw new IllegalArgumentException("a state may not contain '->'");
    }
  }

  @Override
  public int classUid() {
    return CLASS_UID;
  }
}
