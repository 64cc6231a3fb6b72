/** Alert handling: dedup and throttling per rule and group key, with every suppressed match counted. */
package dev.aiaudit.detect.alert;
