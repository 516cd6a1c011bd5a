/**
 * The Prometheus collector: {@link io.topdeck.monitoring.prometheus.PrometheusConfig}, the
 * low-level {@link io.topdeck.monitoring.prometheus.PrometheusClient}, the {@link
 * io.topdeck.monitoring.prometheus.PrometheusCollector} and its {@link
 * io.topdeck.monitoring.prometheus.PromQlTemplates}.
 */
package io.topdeck.monitoring.prometheus;
