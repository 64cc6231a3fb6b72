package dev.aiaudit.detect.rules;

import dev.aiaudit.model.Event;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import java.util.Map;
import java.util.Optional;

/**
 * The variables of a condition for the record being evaluated: fields are read from the record on
 * demand ({@link RecordView}), named lists are constants, macros are evaluated on first use and
 * kept for the rest of the record. Nothing is built per record. One instance per evaluating thread.
 */
final class Activation implements CelVariableResolver {

  /** What a name resolves to. */
  sealed interface Binding permits FieldRef, Constant, MacroRef {}

  record FieldRef(Field field) implements Binding {}

  record Constant(Object value) implements Binding {}

  record MacroRef(int index) implements Binding {}

  private final Map<String, Binding> bindings;
  private final CelRuntime.Program[] macros;
  private final Object[] macroValues;
  private final Object[] fieldValues = new Object[Field.values().length];
  private Event event;

  Activation(Map<String, Binding> bindings, CelRuntime.Program[] macros) {
    this.bindings = bindings;
    this.macros = macros;
    this.macroValues = new Object[macros.length];
  }

  /** Points the activation at the next record. */
  void bind(Event e) {
    this.event = e;
    java.util.Arrays.fill(fieldValues, null);
    if (macroValues.length > 0) {
      java.util.Arrays.fill(macroValues, null);
    }
  }

  @Override
  public Optional<Object> find(String name) {
    Binding b = bindings.get(name);
    if (b == null) {
      return Optional.empty();
    }
    return Optional.of(switch (b) {
      case FieldRef(Field f) -> value(f);
      case Constant(Object v) -> v;
      case MacroRef(int i) -> macro(i);
    });
  }

  /** The field's value for the bound record, read once per record. */
  Object value(Field f) {
    Object v = fieldValues[f.ordinal()];
    if (v == null) {
      v = RecordView.value(f, event);
      fieldValues[f.ordinal()] = v;
    }
    return v;
  }

  private Object macro(int i) {
    Object v = macroValues[i];
    if (v == null) {
      try {
        v = macros[i].eval(this);
      } catch (CelEvaluationException e) {
        v = Boolean.FALSE; // an evaluation error (e.g. overflow) makes a macro false, like a missing field in Falco
      }
      macroValues[i] = v;
    }
    return v;
  }
}
