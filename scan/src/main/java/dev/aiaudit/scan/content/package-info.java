/**
 * Check and profile content: YAML files under {@code scan/} on the class path (or given by the user), parsed
 * with source positions, validated against the JSON Schemas under {@code schemas/}, and turned into
 * {@link dev.aiaudit.scan.content.CheckDef} and {@link dev.aiaudit.scan.content.ProfileDef}. Every problem is
 * reported as {@code ERROR: <file>:<line>:<col>: message} with the source line and a caret.
 */
package dev.aiaudit.scan.content;
