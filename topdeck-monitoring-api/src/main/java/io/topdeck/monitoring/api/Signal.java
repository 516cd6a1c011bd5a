package io.topdeck.monitoring.api;

/** The kinds of data a collector may supply. */
public enum Signal {
  APPLICATION,
  DATABASE,
  INFRASTRUCTURE,
  ERRORS,
  TRACES,
  CHANGES
}
