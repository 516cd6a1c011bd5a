/**
 * Incidents: grouping anomalies, errors and alerts that start close in time on connected resources
 * ({@link io.topdeck.monitoring.core.incident.IncidentGrouper}), the whole chain from a symptom or
 * an alert to a root-cause analysis per incident ({@link
 * io.topdeck.monitoring.core.incident.IncidentEngine}), and the differences between two snapshots
 * of a topology as changes ({@link io.topdeck.monitoring.core.incident.TopologyDiff}).
 */
package io.topdeck.monitoring.core.incident;
