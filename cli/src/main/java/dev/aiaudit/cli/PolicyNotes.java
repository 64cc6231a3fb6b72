package dev.aiaudit.cli;

import java.io.PrintWriter;
import java.util.List;

/** Prints what loading policy content noticed without refusing it (effects not enforced, notApplicable policies). */
final class PolicyNotes {
  static final int LIMIT = 20;

  private PolicyNotes() {}

  static void print(List<String> notes, PrintWriter err) {
    for (int i = 0; i < notes.size() && i < LIMIT; i++) {
      err.println("NOTE: " + notes.get(i));
    }
    if (notes.size() > LIMIT) {
      long notEnforced = notes.stream().filter(n -> n.contains("not enforced by ai-audit")).count();
      long never = notes.stream().filter(n -> n.contains("notApplicable to every inventory item")).count();
      long unknown = notes.stream().filter(n -> n.contains("evaluate to unknown")).count();
      err.println("NOTE: " + (notes.size() - LIMIT) + " more notes; in all " + notEnforced + " definitions with effects not"
          + " enforced by ai-audit, " + never + " notApplicable to every inventory item, " + unknown
          + " with unknown aliases evaluated as unknown");
    }
  }
}
