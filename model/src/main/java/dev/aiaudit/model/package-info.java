/**
 * The records every module speaks: OCSF-shaped events ({@link dev.aiaudit.model.Event}), the process
 * and asset they concern, asset classification, the clock, and the JSON codec ({@link
 * dev.aiaudit.model.EventCodec}). Depends on Jackson only.
 */
package dev.aiaudit.model;
