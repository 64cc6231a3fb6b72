/**
 * Sigma import: converts Sigma rules for linux {@code file_event}, {@code file_access} and
 * {@code process_creation} into ai-audit rules (CEL conditions over the record fields); every rule
 * that cannot be converted is reported with its reason.
 */
package dev.aiaudit.detect.sigma;
