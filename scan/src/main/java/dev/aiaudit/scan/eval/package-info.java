/**
 * The typed check expressions ({@link dev.aiaudit.scan.eval.Expr}) and their evaluation against host facts
 * with three-valued logic: a leaf whose data is missing is not-applicable or error, never true.
 */
package dev.aiaudit.scan.eval;
