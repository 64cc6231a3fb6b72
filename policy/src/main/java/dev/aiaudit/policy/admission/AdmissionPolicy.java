package dev.aiaudit.policy.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The policies applied at admission: an inventory item in, its violations out. Implementations must be
 * thread-safe (the webhook calls them concurrently). The policy engine of {@code dev.aiaudit.policy} is meant
 * to be adapted to this interface; until then {@link RequiredAnnotationsPolicy} is the default.
 */
@FunctionalInterface
public interface AdmissionPolicy {

  List<Violation> evaluate(JsonNode item);
}
