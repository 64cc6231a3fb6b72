package dev.aiaudit.detect.rules;

import java.util.Set;

/**
 * A necessary condition of a rule, tested in plain Java before its CEL program runs: one top-level
 * conjunct of the condition (through macros) of the form {@code field == c}, {@code field != c},
 * {@code field in [..]} / {@code field in list}, {@code !(field in list)}, {@code
 * field.startsWith(c)}, {@code endsWith}, {@code contains}. When a guard fails the condition is false
 * and CEL is not asked; when all pass, CEL decides (it stays the only judge of a match).
 */
record Guard(Field field, Op op, Object value) {

  enum Op { EQ, NE, IN, NOT_IN, STARTS, ENDS, CONTAINS }

  boolean test(Activation act) {
    Object v = act.value(field);
    return switch (op) {
      case EQ -> v.equals(value);
      case NE -> !v.equals(value);
      case IN -> ((Set<?>) value).contains(v);
      case NOT_IN -> !((Set<?>) value).contains(v);
      case STARTS -> ((String) v).startsWith((String) value);
      case ENDS -> ((String) v).endsWith((String) value);
      case CONTAINS -> ((String) v).contains((String) value);
    };
  }
}
