package io.topdeck.monitoring.core.correlation;

import io.topdeck.monitoring.api.Alert;
import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** What an incident context says about one resource: its anomalies, errors and firing alerts. */
final class ResourceFacts {

  private static final double MAX_STRENGTH = 3.0;
  private static final List<String> SATURATION_WORDS =
      List.of(
          "cpu", "dtu", "connectionpool", "connection_pool", "pool", "storage", "memory", "disk");

  final ResourceRef resource;
  final List<Anomaly> anomalies = new ArrayList<>();
  final List<ErrorEvent> errors = new ArrayList<>();
  final List<Alert> alerts = new ArrayList<>();
  // Recognising a signature runs regular expressions; the ranker asks many times per error.
  private final Map<ErrorEvent, Set<ErrorSignature>> signatureCache = new IdentityHashMap<>();

  ResourceFacts(ResourceRef resource) {
    this.resource = resource;
  }

  String id() {
    return resource.id();
  }

  boolean failing() {
    return !anomalies.isEmpty() || !errors.isEmpty() || !alerts.isEmpty();
  }

  /** Returns the earliest onset of an anomaly, error or alert. */
  Optional<Instant> onset() {
    List<Instant> times = new ArrayList<>();
    anomalies.forEach(a -> times.add(a.onset()));
    errors.forEach(e -> times.add(e.timestamp()));
    alerts.forEach(a -> times.add(a.startsAt()));
    return times.stream().min(Comparator.naturalOrder());
  }

  long errorCount() {
    return errors.stream().mapToLong(ErrorEvent::count).sum();
  }

  /** Returns how strongly the resource shows symptoms, from 0 to {@value #MAX_STRENGTH}. */
  double strength() {
    double s = 0;
    for (Anomaly a : anomalies) {
      s += anomalyWeight(a);
    }
    if (!errors.isEmpty()) {
      s += Math.min(1.0, Math.log10(1 + errorCount()) / 2);
    }
    for (Alert a : alerts) {
      s += 0.25 * severityWeight(a.severity());
    }
    return Math.min(MAX_STRENGTH, s);
  }

  static double anomalyWeight(Anomaly a) {
    return a.score() * severityWeight(a.severity());
  }

  static double severityWeight(Severity severity) {
    return switch (severity) {
      case INFO -> 0.2;
      case LOW -> 0.4;
      case MEDIUM -> 0.6;
      case HIGH -> 0.8;
      case CRITICAL -> 1.0;
    };
  }

  Set<ErrorSignature> signatures() {
    Set<ErrorSignature> s = EnumSet.noneOf(ErrorSignature.class);
    errors.forEach(e -> s.addAll(signaturesOf(e)));
    return s;
  }

  List<ErrorEvent> errorsWith(ErrorSignature signature) {
    return errors.stream().filter(e -> signaturesOf(e).contains(signature)).toList();
  }

  /** Returns the signatures of {@code error}, recognised once per error. */
  Set<ErrorSignature> signaturesOf(ErrorEvent error) {
    return signatureCache.computeIfAbsent(error, ErrorSignature::of);
  }

  /** Returns the tables named by the errors with {@code signature}, sorted. */
  Set<String> tables(ErrorSignature signature) {
    Set<String> tables = new TreeSet<>();
    errorsWith(signature).forEach(e -> ErrorSignature.table(e).ifPresent(tables::add));
    return tables;
  }

  /** Returns the anomalies of resource-usage metrics (CPU, pool, storage, memory) that rose. */
  List<Anomaly> saturation() {
    return strongestAnomalies().stream()
        .filter(a -> a.currentValue() > a.baselineValue())
        .filter(a -> isSaturationMetric(a.metricName()))
        .toList();
  }

  static boolean isSaturationMetric(String metricName) {
    String m = metricName.toLowerCase(Locale.ROOT);
    return SATURATION_WORDS.stream().anyMatch(m::contains);
  }

  /** Returns anomalies ordered by weight, strongest first. */
  List<Anomaly> strongestAnomalies() {
    List<Anomaly> sorted = new ArrayList<>(anomalies);
    sorted.sort(
        Comparator.comparingDouble(ResourceFacts::anomalyWeight)
            .reversed()
            .thenComparing(Anomaly::onset));
    return sorted;
  }
}
