/**
 * Risk signals per resource for the TopDeck risk engine: anomaly history, robust trends with the
 * time until a level is reached, saturation rules, deadlocks, change-failure rate, time since the
 * last deployment, blast radius, and a health score with its contributing factors ({@link
 * io.topdeck.monitoring.core.risk.RiskAssessor}).
 */
package io.topdeck.monitoring.core.risk;
