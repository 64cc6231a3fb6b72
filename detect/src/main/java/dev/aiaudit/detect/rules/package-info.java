/**
 * Rules as data: YAML rule files (lists, macros, rules with CEL conditions, exceptions, throttle,
 * group_by, examples) read with positions, compiled and type-checked with CEL at load, indexed by
 * record class and activity, evaluated through a resolver over the record. The only package of
 * {@code detect} that imports {@code dev.cel}.
 */
package dev.aiaudit.detect.rules;
