/**
 * Compilation and evaluation of policy rules: field paths and aliases, the template-expression subset
 * ({@code [parameters('p')]}, {@code [utcNow()]}, {@code [addDays(...)]}, {@code [field('x')]},
 * {@code [current('i')]}), condition operators, {@code count}, and the per-policy evaluator that turns
 * a rule, an inventory item and runtime evidence into a state. Public for the root package; not a
 * supported API for other modules.
 */
package dev.aiaudit.policy.eval;
