package io.topdeck.monitoring.core.correlation;

import io.topdeck.monitoring.api.Alert;
import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** What an incident context says about one resource: its anomalies, errors and firing alerts. */
final class ResourceFacts {

  private static final double MAX_STRENGTH = 3.0;
  static final double SIGNIFICANT = 0.3;
  private static final double SATURATED_SHARE = 0.8;
  private static final long CLEAR_ERROR_COUNT = 5;
  private static final long SIGNIFICANT_ERRORS = 10;
  private static final long COINCIDENCE_SECONDS = 60;
  private static final long USAGE_LEAD_SECONDS = 180;
  private static final long BLIP_SECONDS = 60;
  private static final int FLAPPING_EPISODES = 3;

  private static final List<String> SATURATION_WORDS =
      List.of(
          "cpu", "dtu", "connectionpool", "connection_pool", "pool", "storage", "memory", "disk");

  /**
   * Words of a metric name whose values are a share of a whole (an error rate, a hit ratio, a
   * percentage, a pool's usage, a CPU's utilisation, a packet loss, a saturation, an availability),
   * never a count of events; see {@link #readsAsShare}. The names the api records give ({@code
   * errorRate}, {@code connectionPoolUsage}, {@code cpuPercent}) and the usual exporters' suffixes
   * ({@code _ratio}, {@code _pct}) carry one.
   */
  private static final Set<String> SHARE_WORDS =
      Set.of(
          "rate",
          "ratio",
          "percent",
          "percentage",
          "pct",
          "usage",
          "utilization",
          "utilisation",
          "util",
          "fraction",
          "share",
          "cpu",
          "dtu",
          "loss",
          "saturation",
          "availability");

  private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");
  private static final Pattern NAME_SEPARATOR = Pattern.compile("[^a-z0-9]+");

  private static final List<String> DEMAND_WORDS =
      List.of("request", "throughput", "rate", "qps", "rps", "per_second", "persecond");
  private static final List<String> DEMAND_EXCLUDED =
      List.of("error", "fail", "hit", "miss", "drop", "reject", "retry", "timeout", "latency");

  /**
   * A total order of anomalies by onset, then resource, series and every other value, so that
   * anomalies that tie on what the ranking looks at are still taken in an order that does not
   * depend on how the input listed them.
   */
  static final Comparator<Anomaly> ANOMALY_ORDER =
      Comparator.comparing(Anomaly::onset)
          .thenComparing(Anomaly::resourceId)
          .thenComparing(Anomaly::metricName)
          .thenComparing(Anomaly::detectedAt)
          .thenComparing(Anomaly::severity)
          .thenComparingDouble(Anomaly::score)
          .thenComparingDouble(Anomaly::deviation)
          .thenComparingDouble(Anomaly::currentValue)
          .thenComparingDouble(Anomaly::baselineValue)
          .thenComparing(Anomaly::description);

  /** A total order of errors by time, then id and content; see {@link #ANOMALY_ORDER}. */
  static final Comparator<ErrorEvent> ERROR_ORDER =
      Comparator.comparing(ErrorEvent::timestamp)
          .thenComparing(ErrorEvent::id)
          .thenComparing(ErrorEvent::platform)
          .thenComparing(ErrorEvent::exceptionType)
          .thenComparing(ErrorEvent::message)
          .thenComparingLong(ErrorEvent::count);

  /** A total order of alerts by start, then identity; see {@link #ANOMALY_ORDER}. */
  static final Comparator<Alert> ALERT_ORDER =
      Comparator.comparing(Alert::startsAt)
          .thenComparing(Alert::fingerprint)
          .thenComparing(Alert::name)
          .thenComparing(Alert::severity)
          .thenComparing(Alert::source);

  final ResourceRef resource;
  final List<Anomaly> anomalies = new ArrayList<>();
  final List<ErrorEvent> errors = new ArrayList<>();
  final List<Alert> alerts = new ArrayList<>();
  // Recognising a signature runs regular expressions; the ranker asks many times per error.
  private final Map<ErrorEvent, Set<ErrorSignature>> signatureCache = new IdentityHashMap<>();
  private Instant robustOnset;
  private List<Instant> clearOnsets;
  // Asked once per failing edge by Propagation; computed once per resource.
  private Boolean felt;
  private Optional<Instant> lastSeen;
  // Asked for every change and dependency the ranker weighs; computed once per resource.
  private Boolean flapping;
  private Boolean rejectsRequests;

  ResourceFacts(ResourceRef resource) {
    this.resource = resource;
  }

  String id() {
    return resource.id();
  }

  /**
   * Returns whether {@code a} carries a measurement: its current value or its deviation is finite.
   * A detector's baseline alone says nothing about a failure; an anomaly whose value and deviation
   * are NaN or infinite (a platform reporting no data as NaN, say) is no data.
   */
  static boolean measured(Anomaly a) {
    return Double.isFinite(a.currentValue()) || Double.isFinite(a.deviation());
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

  /**
   * Returns {@link #onset()} with what it is, for a reader: "an anomaly from T" (a series began to
   * deviate), "an error at T" (the first error event) or "an alert from T". An error logged before
   * any series moved is the onset, so the words say which it was: a time next to the anomaly list
   * would otherwise look like a misplaced anomaly onset. Ties go to the anomaly, then the error.
   */
  Optional<String> describedOnset() {
    Optional<Instant> onset = onset();
    if (onset.isEmpty()) {
      return Optional.empty();
    }
    Instant at = onset.get();
    String when = Texts.time(at);
    if (anomalies.stream().anyMatch(a -> a.onset().equals(at))) {
      return Optional.of("an anomaly from " + when);
    }
    if (errors.stream().anyMatch(e -> e.timestamp().equals(at))) {
      return Optional.of("an error at " + when);
    }
    return Optional.of("an alert from " + when);
  }

  long errorCount() {
    return totalCount(errors);
  }

  /**
   * Returns the sum of the counts of {@code events}, held at {@link Long#MAX_VALUE} rather than
   * wrapping to a negative total when a source reports absurd counts.
   */
  static long totalCount(Collection<ErrorEvent> events) {
    long total = 0;
    for (ErrorEvent e : events) {
      total = saturatedSum(total, e.count());
    }
    return total;
  }

  /** Returns {@code a + b} for non-negative counts, held at {@link Long#MAX_VALUE}. */
  static long saturatedSum(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  /**
   * Returns how strongly the resource shows symptoms, from 0 to {@value #MAX_STRENGTH}: one credit
   * per series (its strongest anomaly, see {@link #weight}), plus its errors and firing alerts.
   */
  double strength() {
    return Math.min(MAX_STRENGTH, rawStrength());
  }

  private double rawStrength() {
    double s = 0;
    for (Anomaly a : strongestPerSeries()) {
      s += weight(a);
    }
    if (!errors.isEmpty()) {
      s += Math.min(1.0, Math.log10(1.0 + errorCount()) / 2);
    }
    for (Alert a : alerts) {
      s += 0.25 * severityWeight(a.severity());
    }
    return s;
  }

  /**
   * Returns the factor, at most 1, that brings the sum of the resource's credits for anomalies,
   * errors and alerts (see {@link #strength}) down to {@value #MAX_STRENGTH} when it is larger.
   */
  static double strengthScale(ResourceFacts f) {
    double s = f.rawStrength();
    return s > MAX_STRENGTH ? MAX_STRENGTH / s : 1.0;
  }

  static double anomalyWeight(Anomaly a) {
    return a.score() * severityWeight(a.severity());
  }

  /**
   * Returns the weight of {@code a} as evidence: its score by its severity, times how far its
   * series went on to while flagged (see {@link #growth}), up to 1; discounted instead when it is a
   * small count on a series that is usually near zero (deadlocks, restarts). Such a series rests at
   * zero, so a robust detector flags every isolated event; a count is judged instead against a
   * Poisson baseline, {@code z = (count - baseline) / sqrt(max(1, baseline))}, and keeps full
   * weight only from {@code z = 4}, nothing at {@code z <= 1}.
   */
  static double weight(Anomaly a) {
    double w = anomalyWeight(a);
    if (!isSmallCount(a)) {
      return Math.min(1, w * growth(a));
    }
    double z = (a.currentValue() - a.baselineValue()) / Math.sqrt(Math.max(1, a.baselineValue()));
    return w * Math.max(0, Math.min(1, (z - 1) / 3));
  }

  /**
   * Returns how many times further from its baseline {@code a}'s series went while flagged (see
   * {@link Anomaly#reached}) than at the point that opened it, at least 1. A series that climbs
   * (CPU running out, queries slowing as a table grows) is flagged as soon as it leaves its band,
   * where its score is modest; how far it went on to is how strongly it deviated.
   */
  static double growth(Anomaly a) {
    double opened = a.currentValue() - a.baselineValue();
    double reached = a.reached() - a.baselineValue();
    if (opened == 0 || !Double.isFinite(opened) || !Double.isFinite(reached)) {
      return 1;
    }
    return Math.max(1, reached / opened);
  }

  /**
   * Returns whether {@code a} is a whole count on a series whose baseline is below one: a number of
   * events such as deadlocks or restarts, flagged at a whole value and, while flagged, reaching
   * only whole values, on a series whose name does not read as a share or a level (see {@link
   * #readsAsShare}). An error rate of 1.0 is every request failing, a pool usage of 1.0 a pool
   * fully taken: their values are whole only at the top of their scale, and such a reading is the
   * strongest a fraction can give, not one event.
   */
  static boolean isSmallCount(Anomaly a) {
    double v = a.currentValue();
    return v >= 0
        && v == Math.rint(v)
        && a.reached() == Math.rint(a.reached())
        && a.baselineValue() >= 0
        && a.baselineValue() < 1
        && v > a.baselineValue()
        && !readsAsShare(a.metricName());
  }

  /**
   * Returns whether a metric's name says its values are a share, a ratio, a percentage or a
   * utilisation rather than a number of events: one of its words (split on separators and at
   * camel-case humps, so {@code error_rate}, {@code errorRate}, {@code connectionPoolUsage} and
   * {@code hikaricp_connections_usage} all count) is one of {@link #SHARE_WORDS}. Known
   * shortcoming: a count per interval named as a rate ({@code deadlock_rate} holding deadlocks per
   * minute) is read as a share too, so its isolated events weigh as a fraction's rise would,
   * without the Poisson discount of {@link #weight}.
   */
  static boolean readsAsShare(String metricName) {
    String words = CAMEL_HUMP.matcher(metricName).replaceAll("$1 $2").toLowerCase(Locale.ROOT);
    for (String word : NAME_SEPARATOR.split(words)) {
      if (SHARE_WORDS.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** Returns the strongest anomaly of each series, strongest first. */
  List<Anomaly> strongestPerSeries() {
    Map<String, Anomaly> best = new java.util.LinkedHashMap<>();
    List<Anomaly> sorted = new ArrayList<>(anomalies);
    sorted.sort(
        Comparator.comparingDouble(ResourceFacts::weight).reversed().thenComparing(ANOMALY_ORDER));
    for (Anomaly a : sorted) {
      best.putIfAbsent(a.metricName(), a);
    }
    return List.copyOf(best.values());
  }

  /**
   * Returns whether the resource fails clearly enough to be a candidate in its own right: its
   * anomalies weigh at least {@value #SIGNIFICANT}, or it logged at least {@value
   * #SIGNIFICANT_ERRORS} errors or a recognised error signature, or an alert fires on it. A few
   * scattered errors or an isolated blip do not make a resource fail.
   */
  boolean significant() {
    if (!alerts.isEmpty() || !signatures().isEmpty() || errorCount() >= SIGNIFICANT_ERRORS) {
      return true;
    }
    double s = 0;
    for (Anomaly a : strongestPerSeries()) {
      s += weight(a);
    }
    return s >= SIGNIFICANT;
  }

  /**
   * Returns when the resource began to fail, judged on its clear evidence only: the earliest onset
   * of the strongest anomaly of a series, when it weighs at least {@value #SIGNIFICANT}, of an
   * error event counting at least {@value #CLEAR_ERROR_COUNT} occurrences or of an alert; {@link
   * #onset()} when it has none of those. A stray error or a faint blip before the fault would
   * otherwise set the onset.
   */
  Instant robustOnset() {
    if (robustOnset == null) {
      robustOnset = clearOnsets().get(0);
    }
    return robustOnset;
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

  /**
   * Returns whether the resource mostly turns requests away as malformed: at least {@value
   * #SIGNIFICANT_ERRORS} of its errors, and at least half of them, say that a request lacked a
   * required header or parameter or could not be read or validated, in the words of the serving
   * side, not of a client, a database or throttling (see {@link RequestRejection#of}). A few such
   * errors are the background of any public API; a storm of them means its callers began to send
   * something else.
   */
  boolean rejectsRequests() {
    if (rejectsRequests == null) {
      rejectsRequests = findRejectsRequests();
    }
    return rejectsRequests;
  }

  private boolean findRejectsRequests() {
    long rejected = 0;
    for (ErrorEvent e : errors) {
      if (RequestRejection.of(e)) {
        rejected = saturatedSum(rejected, e.count());
      }
    }
    return rejected >= SIGNIFICANT_ERRORS && rejected >= errorCount() - rejected;
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

  /**
   * Returns the onsets of the resource's clear evidence, earliest first: that of the strongest
   * anomaly of each series weighing at least {@value #SIGNIFICANT}, of the first error event
   * counting at least {@value #CLEAR_ERROR_COUNT} occurrences and of each alert; {@link #onset()}
   * alone when it has none of those. A slow fault shows in one series (CPU climbing) long before it
   * shows in the series its callers feel (latency), and each series has its own onset.
   */
  List<Instant> clearOnsets() {
    if (clearOnsets == null) {
      List<Instant> times = new ArrayList<>();
      strongestPerSeries().stream()
          .filter(a -> weight(a) >= SIGNIFICANT)
          .forEach(a -> times.add(a.onset()));
      errors.stream()
          .filter(e -> e.count() >= CLEAR_ERROR_COUNT)
          .map(ErrorEvent::timestamp)
          .min(Comparator.naturalOrder())
          .ifPresent(times::add);
      alerts.forEach(a -> times.add(a.startsAt()));
      if (times.isEmpty()) {
        times.add(onset().orElseThrow());
      }
      times.sort(Comparator.naturalOrder());
      clearOnsets = List.copyOf(times);
    }
    return clearOnsets;
  }

  /**
   * Returns the anomalies of resource-usage metrics (CPU, pool, storage, memory) that rose to a
   * high level: at least {@value #SATURATED_SHARE} of the scale when the value reads as a share (up
   * to 1) or a percentage (up to 100; see {@link #share}). A CPU that rose from 30% to 50% is busy,
   * not saturated. Strongest first; of equally strong ones, the fullest (the highest share of its
   * scale) first.
   *
   * <p>A usage that climbs is flagged early, well below the level it goes on to reach, so the level
   * is the one it reached while flagged ({@link Anomaly#reached}) when the resource's demand did
   * not rise ({@link #demandRise}): a resource running out of capacity by itself (a leak, a runaway
   * query, a growing backlog). When more demand arrived, a climb to a high level is what the load
   * does to a healthy resource, so only the value at detection counts.
   */
  List<Anomaly> saturation() {
    boolean byItself = demandRise().isEmpty();
    return strongestAnomalies().stream()
        .filter(a -> a.currentValue() > a.baselineValue())
        .filter(a -> isSaturationMetric(a.metricName()))
        .filter(a -> share(byItself ? a.reached() : a.currentValue()) >= SATURATED_SHARE)
        .sorted(
            Comparator.comparingDouble(ResourceFacts::anomalyWeight)
                .reversed()
                .thenComparing(
                    Comparator.comparingDouble((Anomaly a) -> share(a.currentValue())).reversed())
                .thenComparing(ANOMALY_ORDER))
        .toList();
  }

  /**
   * Returns {@code v} as a share of its scale: as is up to 1, a percentage up to 100. A value above
   * 100 is an amount whose scale is not known here (memory in bytes or megabytes, a number of
   * connections) and reads as no share at all: such a series is never taken as saturated.
   */
  private static double share(double v) {
    return v <= 1 ? v : v <= 100 ? v / 100 : 0;
  }

  /**
   * Returns the anomalies that show more demand arriving at the resource: a throughput series
   * (requests, queries, messages per unit of time) that rose by a quarter or more while flagged
   * (see {@link Anomaly#reached}: a surge that builds is flagged before it is full).
   */
  List<Anomaly> demandRise() {
    return strongestPerSeries().stream()
        .filter(a -> isDemandMetric(a.metricName()))
        .filter(a -> a.baselineValue() > 0 && a.reached() >= 1.25 * a.baselineValue())
        .filter(a -> weight(a) >= SIGNIFICANT)
        .toList();
  }

  /**
   * Returns the clear rises (weighing at least {@value #SIGNIFICANT}) of the resource's usage
   * series (CPU, pools, memory, storage), earliest first.
   */
  List<Anomaly> usageRise() {
    return strongestPerSeries().stream()
        .filter(a -> isSaturationMetric(a.metricName()))
        .filter(a -> a.currentValue() > a.baselineValue())
        .filter(a -> weight(a) >= SIGNIFICANT)
        .sorted(ANOMALY_ORDER)
        .toList();
  }

  /**
   * Returns whether all the resource's anomalies are demand rises or resource usage, with no more
   * than a few scattered errors.
   */
  boolean onlyLoad() {
    return !anomalies.isEmpty()
        && signatures().isEmpty()
        && errorCount() < SIGNIFICANT_ERRORS
        && anomalies.stream()
            .allMatch(a -> isDemandMetric(a.metricName()) || isSaturationMetric(a.metricName()));
  }

  static boolean isDemandMetric(String metricName) {
    String m = metricName.toLowerCase(Locale.ROOT);
    if (DEMAND_EXCLUDED.stream().anyMatch(m::contains)) {
      return false;
    }
    return DEMAND_WORDS.stream().anyMatch(m::contains);
  }

  static boolean isSaturationMetric(String metricName) {
    String m = metricName.toLowerCase(Locale.ROOT);
    return SATURATION_WORDS.stream().anyMatch(m::contains);
  }

  /**
   * Returns the largest number of the resource's signals that began within {@link
   * #COINCIDENCE_SECONDS} of one another: the strongest anomaly of each series weighing at least
   * {@value #SIGNIFICANT}, and the first error event counting at least {@value #CLEAR_ERROR_COUNT}
   * occurrences. One fault moves several series of its resource at once; background noise moves
   * them at unrelated times.
   */
  int coincidentSignals() {
    List<Instant> times = new ArrayList<>();
    strongestPerSeries().stream()
        .filter(a -> weight(a) >= SIGNIFICANT)
        .forEach(a -> times.add(a.onset()));
    errors.stream()
        .filter(e -> e.count() >= CLEAR_ERROR_COUNT)
        .map(ErrorEvent::timestamp)
        .min(Comparator.naturalOrder())
        .ifPresent(times::add);
    times.sort(Comparator.naturalOrder());
    int best = Math.min(1, times.size());
    int from = 0;
    for (int i = 0; i < times.size(); i++) {
      while (times.get(i).getEpochSecond() - times.get(from).getEpochSecond()
          > COINCIDENCE_SECONDS) {
        from++;
      }
      best = Math.max(best, i - from + 1);
    }
    return best;
  }

  /**
   * Returns whether the first clear sign of trouble on the resource is more demand arriving: a
   * throughput series rose clearly (weighing at least {@value #SIGNIFICANT}) no later than {@link
   * #COINCIDENCE_SECONDS} after the first clear signal other than resource usage (CPU, pools,
   * memory), which more demand raises in turn.
   */
  boolean demandFirst() {
    Optional<Instant> demand =
        strongestPerSeries().stream()
            .filter(a -> isDemandMetric(a.metricName()) && a.currentValue() > a.baselineValue())
            .filter(a -> weight(a) >= SIGNIFICANT)
            .map(Anomaly::onset)
            .min(Comparator.naturalOrder());
    if (demand.isEmpty()) {
      return false;
    }
    List<Instant> other = new ArrayList<>();
    strongestPerSeries().stream()
        .filter(a -> !isDemandMetric(a.metricName()) && !isSaturationMetric(a.metricName()))
        .filter(a -> weight(a) >= SIGNIFICANT)
        .forEach(a -> other.add(a.onset()));
    errors.stream()
        .filter(e -> e.count() >= CLEAR_ERROR_COUNT)
        .forEach(e -> other.add(e.timestamp()));
    alerts.forEach(a -> other.add(a.startsAt()));
    return other.stream()
        .allMatch(t -> demand.get().getEpochSecond() - t.getEpochSecond() <= COINCIDENCE_SECONDS);
  }

  /**
   * Returns the resource-usage anomaly (CPU, pool, memory, storage) that rose at least {@link
   * #USAGE_LEAD_SECONDS} before the first clear sign of trouble other than usage and demand (a
   * latency or error series, errors, an alert), when no more demand arrived at the resource: the
   * footprint of a resource running out of capacity on its own, usage climbing first and service
   * degrading later. A usage rise that came with the other signals, or none, gives nothing; so does
   * one known to have ended more than {@link #COINCIDENCE_SECONDS} before the service degraded.
   */
  Optional<Anomaly> usageLead() {
    if (!demandRise().isEmpty()) {
      return Optional.empty();
    }
    Optional<Anomaly> usage =
        strongestPerSeries().stream()
            .filter(a -> isSaturationMetric(a.metricName()) && a.currentValue() > a.baselineValue())
            .filter(a -> weight(a) >= SIGNIFICANT)
            .min(ANOMALY_ORDER);
    if (usage.isEmpty()) {
      return Optional.empty();
    }
    List<Instant> other = new ArrayList<>();
    strongestPerSeries().stream()
        .filter(a -> !isDemandMetric(a.metricName()) && !isSaturationMetric(a.metricName()))
        .filter(a -> weight(a) >= SIGNIFICANT)
        .forEach(a -> other.add(a.onset()));
    errors.stream()
        .filter(e -> e.count() >= CLEAR_ERROR_COUNT)
        .forEach(e -> other.add(e.timestamp()));
    alerts.forEach(a -> other.add(a.startsAt()));
    Optional<Instant> first = other.stream().min(Comparator.naturalOrder());
    if (first.isEmpty()
        || first.get().getEpochSecond() - usage.get().onset().getEpochSecond()
            < USAGE_LEAD_SECONDS) {
      return Optional.empty();
    }
    // Running out of capacity holds usage up until service degrades; a burst that had passed
    // minutes before leads to nothing.
    Optional<Instant> last = usage.get().lastSeenAt();
    if (last.isPresent()
        && first.get().getEpochSecond() - last.get().getEpochSecond() > COINCIDENCE_SECONDS) {
      return Optional.empty();
    }
    return usage;
  }

  /**
   * Returns the longest time one of the resource's anomalies weighing at least {@value
   * #SIGNIFICANT} is known to have lasted (see {@link Anomaly#persistence}), zero when none is
   * known to have lasted beyond its first point.
   */
  java.time.Duration persistence() {
    java.time.Duration longest = java.time.Duration.ZERO;
    for (Anomaly a : anomalies) {
      java.time.Duration d = a.persistence().orElse(java.time.Duration.ZERO);
      if (weight(a) >= SIGNIFICANT && d.compareTo(longest) > 0) {
        longest = d;
      }
    }
    return longest;
  }

  /**
   * Returns whether the resource only spiked: it has an anomaly weighing at least {@value
   * #SIGNIFICANT}, each such anomaly is known to have lasted under {@link #BLIP_SECONDS} from its
   * onset to the last point flagged (see {@link Anomaly#persistence}), and it logged fewer than
   * {@value #SIGNIFICANT_ERRORS} errors and fires no alert.
   */
  boolean blip() {
    if (!alerts.isEmpty() || errorCount() >= SIGNIFICANT_ERRORS) {
      return false;
    }
    boolean clear = false;
    for (Anomaly a : anomalies) {
      if (weight(a) >= SIGNIFICANT) {
        if (held(a)) {
          return false;
        }
        clear = true;
      }
    }
    return clear && !flapping();
  }

  /**
   * Returns whether {@code a} lasted at least {@link #BLIP_SECONDS} from its onset to the last
   * point flagged, or for an unknown time (see {@link Anomaly#persistence}): more than a spike.
   */
  static boolean held(Anomaly a) {
    return a.persistence().map(d -> d.getSeconds() >= BLIP_SECONDS).orElse(true);
  }

  /**
   * Returns whether the resource flaps: its clear deviations (anomalies weighing at least {@value
   * #SIGNIFICANT}) that held beyond their first point flagged came back in {@value
   * #FLAPPING_EPISODES} or more episodes, each beginning more than {@link #BLIP_SECONDS} after the
   * one before it ended. A single point out of line, even recurring on a series, is the commonest
   * noise of production; a resource that keeps falling out of line for several samples and
   * recovering (a cache restarting in a loop, a node dropping out of its cluster and rejoining) is
   * failing, even though each episode passes within a minute.
   */
  boolean flapping() {
    if (flapping == null) {
      flapping = findFlapping();
    }
    return flapping;
  }

  private boolean findFlapping() {
    List<Anomaly> clear = new ArrayList<>();
    for (Anomaly a : anomalies) {
      if (weight(a) >= SIGNIFICANT && a.persistence().map(d -> !d.isZero()).orElse(false)) {
        clear.add(a);
      }
    }
    clear.sort(ANOMALY_ORDER);
    int episodes = 0;
    Instant end = null;
    for (Anomaly a : clear) {
      Instant last = a.lastSeenAt().orElse(a.onset());
      if (end == null || a.onset().isAfter(end.plusSeconds(BLIP_SECONDS))) {
        episodes++;
        end = last;
      } else if (last.isAfter(end)) {
        end = last;
      }
    }
    return episodes >= FLAPPING_EPISODES;
  }

  /**
   * Returns whether the resource's callers can feel its failure: it shows more than load (a latency
   * or error series, errors, an alert; see {@link #onlyLoad}) or it is saturated (see {@link
   * #saturation}). A dependency that is only busier, its CPU up from 20% to 35% or more requests
   * arriving, still answers as before, so it passes no failure on to its callers.
   */
  boolean felt() {
    if (felt == null) {
      felt = !onlyLoad() || !saturation().isEmpty();
    }
    return felt;
  }

  /**
   * Returns when the resource last showed its failure: the latest {@link Anomaly#lastSeenAt} of its
   * anomalies weighing at least {@value #SIGNIFICANT}, or the latest error, whichever is later;
   * empty when an alert fires or such an anomaly's end is unknown, as its failure may then still be
   * going.
   */
  Optional<Instant> lastSeen() {
    if (lastSeen == null) {
      lastSeen = findLastSeen();
    }
    return lastSeen;
  }

  private Optional<Instant> findLastSeen() {
    return alerts.isEmpty() ? latestEnd(SIGNIFICANT, true) : Optional.empty();
  }

  /**
   * Returns the latest of the last points flagged of the anomalies weighing at least {@code floor}
   * and of the errors; empty when such an anomaly's end is unknown, or when there is no such
   * anomaly and {@code errorsAlone} is false (or there are no errors either).
   */
  private Optional<Instant> latestEnd(double floor, boolean errorsAlone) {
    Instant last = null;
    for (Anomaly a : anomalies) {
      if (weight(a) < floor) {
        continue;
      }
      if (a.lastSeenAt().isEmpty()) {
        return Optional.empty();
      }
      last = latest(last, a.lastSeenAt().get());
    }
    if (last == null && !errorsAlone) {
      return Optional.empty();
    }
    for (ErrorEvent e : errors) {
      last = latest(last, e.timestamp());
    }
    return Optional.ofNullable(last);
  }

  private static Instant latest(Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }

  /**
   * Returns the last time the resource was seen out of line: the latest {@link Anomaly#lastSeenAt}
   * of its main anomalies (weighing at least {@value #SIGNIFICANT} and half as much as its
   * strongest, so that a faint wobble of another series later on does not stand for the failure),
   * or its latest error, whichever is later. Empty when it has no such anomaly or when how long one
   * lasted is unknown.
   */
  Optional<Instant> lastDeviation() {
    double strongest = anomalies.stream().mapToDouble(ResourceFacts::weight).max().orElse(0);
    return latestEnd(Math.max(SIGNIFICANT, strongest / 2), false);
  }

  /**
   * Returns whether the resource fails only by a few errors: fewer than {@value
   * #SIGNIFICANT_ERRORS}, no anomaly weighing {@value #SIGNIFICANT} or more, and no alert (it may
   * still count as failing when the errors carry a signature, a few timeouts say).
   */
  boolean fewErrorsOnly() {
    return alerts.isEmpty()
        && errorCount() < SIGNIFICANT_ERRORS
        && anomalies.stream().noneMatch(a -> weight(a) >= SIGNIFICANT);
  }

  /** Returns anomalies ordered by weight, strongest first. */
  List<Anomaly> strongestAnomalies() {
    List<Anomaly> sorted = new ArrayList<>(anomalies);
    sorted.sort(
        Comparator.comparingDouble(ResourceFacts::anomalyWeight)
            .reversed()
            .thenComparing(ANOMALY_ORDER));
    return sorted;
  }
}
