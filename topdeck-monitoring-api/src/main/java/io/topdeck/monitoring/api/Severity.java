package io.topdeck.monitoring.api;

/** How urgent a finding is, from least to most. */
public enum Severity {
  INFO,
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL
}
