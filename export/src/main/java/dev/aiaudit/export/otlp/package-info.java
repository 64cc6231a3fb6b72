/**
 * OTLP logs exporter through the OpenTelemetry Java SDK (http/protobuf over the JDK HTTP client, or gRPC over
 * OkHttp): one log record
 * per event, the OCSF JSON as body, key fields as attributes, resource host.name and service.name. The only
 * package that uses the OpenTelemetry SDK.
 */
package dev.aiaudit.export.otlp;
