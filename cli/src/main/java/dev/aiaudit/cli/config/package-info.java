/** The agent's one YAML configuration file: records, defaults, loading with file:line:col errors. */
package dev.aiaudit.cli.config;
