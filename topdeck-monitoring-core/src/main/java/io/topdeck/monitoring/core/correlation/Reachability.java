package io.topdeck.monitoring.core.correlation;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.IncidentContext;
import io.topdeck.monitoring.api.TopologyGraph;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the errors of failing callers say about reaching their dependencies: which dependency an
 * error names, whether it says the connection itself failed, and so which dependencies some callers
 * cannot reach while the dependency serves its other callers (see {@link #cutOffs}).
 */
final class Reachability {

  /**
   * The errors, at least, that must name a dependency (see {@link #relayedFrom}) before a
   * resource's failure is taken as relayed from it: a few background errors that mention a
   * dependency say nothing about where the incident began.
   */
  static final long MIN_RELAYED_ERRORS = 10;

  private static final Pattern NAME_SEPARATORS = Pattern.compile("[^A-Za-z0-9._-]+");

  /**
   * Words of an error that says a connection could not be opened or was lost on the way, before the
   * dependency answered anything: a connect timeout (Java's "connect timed out", {@code
   * ConnectTimeoutException}), a reset connection, no route to the host or network, a host name
   * that does not resolve ({@code UnknownHostException}, "Name or service not known", "Temporary
   * failure in name resolution", Node's {@code ENOTFOUND}), Go's "dial tcp", the JDBC drivers'
   * "Communications link failure" and "The connection attempt failed", and "could not
   * connect"/"unable to connect". A read timeout ("Read timed out") is not among them: the
   * connection was open and the dependency was slow to answer, its own failure. Neither is a pool
   * that has no connection to lend ("Connection is not available"), which is the caller's own limit
   * (see {@link ErrorSignature#CONNECTION_POOL}). A refused connection is one too, weighed apart
   * (see {@link #REFUSED}).
   */
  private static final Pattern CONNECTION_FAILURE =
      Pattern.compile(
          "connect timed out|connecttimeoutexception|connection timed out"
              + "|connection reset|econnreset"
              + "|no route to host|noroutetohostexception|ehostunreach|host is unreachable"
              + "|network is unreachable|enetunreach"
              + "|unknownhostexception|name or service not known|nodename nor servname"
              + "|temporary failure in name resolution|could not resolve host|no such host"
              + "|enotfound|dial tcp|communications link failure|connection attempt failed"
              + "|(could not|unable to|failed to|cannot|can't) connect");

  /**
   * Words of a refused connection ("Connection refused", Node's {@code ECONNREFUSED}, the Postgres
   * driver's "Connection to orders-db:5432 refused"). The host answered and turned the connection
   * down: nothing listens on the port. That is most often the dependency's own process being down,
   * though a firewall that rejects instead of dropping, or a release that calls the wrong port,
   * says the same. Callers whose connection failures are refusals for half or more make a cut-off
   * only when the dependency's own throughput shows that it still serves (see {@link
   * #SERVED_FLOOR}): a process that died leaves a few connections timing out beside the refusals.
   */
  private static final Pattern REFUSED = Pattern.compile("refused|econnrefused");

  /** Words that say a connection was not refused but timed out, or found no way to the host. */
  private static final Pattern NOT_ANSWERED =
      Pattern.compile(
          "timed out|timeout|no route|unreachable|name or service not known|name resolution"
              + "|could not resolve|no such host|unknownhost|enotfound|nodename nor servname");

  /**
   * The share of its baseline, at least, that a dependency's fallen throughput must keep for
   * callers that report only refusals to be cut off from it: it still serves the others at a rate a
   * process that is down would not. Without such a series, refusals name the dependency.
   */
  private static final double SERVED_FLOOR = 0.2;

  /**
   * Words a server logs when its clients' connections break on the way (Postgres's "could not
   * receive data from client", "unexpected EOF on client connection", "connection to client lost",
   * "incomplete startup packet" and "could not accept SSL connection", MySQL's "Aborted connection"
   * and "Got an error reading communication packets", SQL Server's "error occurred while reading
   * the input stream from the network", a reset or broken pipe): what a dependency cut off from
   * some callers sees of them, not a fault of its own. One line that says such a thing beside a
   * fault of its own ("No space left on device ... broken pipe") is taken as the former too.
   */
  private static final Pattern CLIENT_LOST =
      Pattern.compile(
          "could not receive data from client|unexpected eof on client connection"
              + "|connection to client lost|incomplete startup packet"
              + "|could not accept ssl connection|aborted connection"
              + "|error reading communication packets|reading the input stream from the network"
              + "|connection reset|broken pipe");

  /**
   * The share of its baseline, at least, that a fallen throughput or usage series of a dependency
   * must keep for the fall to be read as load that some callers no longer send. A dependency that
   * still serves callers keeps their share of its load; a series that fell under a twentieth of its
   * baseline says it serves next to nobody, which is its own failure.
   */
  private static final double LOST_LOAD_FLOOR = 0.05;

  private Reachability() {}

  /**
   * Some failing callers of {@code dependency} that cannot connect to it, while it reports
   * telemetry that shows no fault of its own and still serves other callers.
   *
   * @param dependency the id of the dependency they cannot reach
   * @param callers the ids of the failing callers whose errors say they cannot connect to it
   * @param served the ids of its callers that reported telemetry and show nothing
   * @param lostLoad the falls of its throughput or usage series: the load the cut-off callers no
   *     longer send, not a fault of its own
   * @param example the earliest of the callers' errors that say so
   */
  record CutOff(
      String dependency,
      List<String> callers,
      List<String> served,
      List<Anomaly> lostLoad,
      ErrorEvent example) {}

  /** Returns whether {@code e} says a connection could not be opened or was lost on the way. */
  static boolean connectionFailure(ErrorEvent e) {
    String text = Texts.errorText(e);
    return CONNECTION_FAILURE.matcher(text).find() || REFUSED.matcher(text).find();
  }

  /** Returns whether {@code e} says only that a connection was refused (see {@link #REFUSED}). */
  static boolean refusal(ErrorEvent e) {
    String text = Texts.errorText(e);
    return REFUSED.matcher(text).find() && !NOT_ANSWERED.matcher(text).find();
  }

  /**
   * Returns the words that name each direct dependency of {@code id} (its id and its name), each
   * mapped to the dependency's id.
   */
  static Map<String, String> dependencyWords(TopologyGraph graph, String id) {
    Map<String, String> byWord = new HashMap<>();
    for (Dependency d : graph.dependenciesOf(id)) {
      byWord.put(d.toId(), d.toId());
      graph.resource(d.toId()).ifPresent(x -> byWord.put(x.name(), x.id()));
    }
    return byWord;
  }

  /**
   * Returns the ids of the dependencies that {@code e}'s message names as a whole word (letters,
   * digits, dots, dashes and underscores; a trailing dot ends a sentence), by {@code words} (see
   * {@link #dependencyWords}).
   */
  static Set<String> named(ErrorEvent e, Map<String, String> words) {
    Set<String> found = new TreeSet<>();
    for (String word : NAME_SEPARATORS.split(e.message())) {
      String id = words.get(word.endsWith(".") ? word.substring(0, word.length() - 1) : word);
      if (id != null) {
        found.add(id);
      }
    }
    return found;
  }

  /**
   * Returns the direct dependency of {@code f} that most of its errors name, when at least half of
   * its errors, and at least {@value #MIN_RELAYED_ERRORS}, name one ("502 Bad Gateway from
   * orders-svc", "Execution Timeout Expired on orders-db"): such errors report the dependency's
   * failure, passed on, even when the dependency's own telemetry is missing or its failure shows
   * later than its caller's.
   */
  static Optional<String> relayedFrom(TopologyGraph graph, ResourceFacts f) {
    long total = f.errorCount();
    if (total < MIN_RELAYED_ERRORS) {
      return Optional.empty();
    }
    Map<String, String> words = dependencyWords(graph, f.id());
    if (words.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Long> counts = new TreeMap<>();
    for (ErrorEvent e : f.errors) {
      named(e, words).forEach(id -> counts.merge(id, e.count(), ResourceFacts::saturatedSum));
    }
    return counts.entrySet().stream()
        .filter(e -> e.getValue() >= MIN_RELAYED_ERRORS && e.getValue() >= total - e.getValue())
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey);
  }

  /**
   * Returns, by dependency id, the dependencies that some callers cannot reach while they serve
   * others: a partition, a security group or firewall rule, a route or a DNS record that cuts those
   * callers off. A dependency is cut off from its failing callers when
   *
   * <ul>
   *   <li>the errors of every failing caller that names it (see {@link #relayedFrom}) say, at least
   *       {@value #MIN_RELAYED_ERRORS} times and for at least half of the errors naming it, that
   *       the connection to it failed (see {@link #connectionFailure}), and when half of those or
   *       more say that it was refused, its throughput fell but kept at least {@value
   *       #SERVED_FLOOR} of its baseline (see {@link #REFUSED});
   *   <li>it reported telemetry ({@link IncidentContext#observedResourceIds}) and that telemetry
   *       shows no fault of its own: no error but its clients' connections breaking (see {@link
   *       #CLIENT_LOST}), no firing alert, and no anomaly but a fall of a throughput or usage
   *       series that kept at least {@value #LOST_LOAD_FLOOR} of its baseline, which is the load of
   *       the callers that no longer reach it;
   *   <li>at least one other of its callers reported telemetry and shows nothing: it is still
   *       served.
   * </ul>
   *
   * <p>Such callers tell their own story: their requests never reached the dependency, whose own
   * signals say it is up and working. A dependency that every failing caller names, but that
   * answers slowly (read timeouts, query timeouts), shows a fault of its own, or serves none of its
   * callers any more, or whose silence says nothing (it reported no telemetry, or the context does
   * not say which resources did), is not cut off: it may well be down. Known shortcomings: a caller
   * that sent no request in the window looks served; a dependency that refuses some clients by its
   * own doing (an access list, a connection limit met only by new connections) is taken as cut off,
   * though its end of the path is where the fix lies.
   */
  static Map<String, CutOff> cutOffs(
      TopologyGraph graph, IncidentContext context, Map<String, ResourceFacts> facts) {
    Map<String, List<ResourceFacts>> naming = new TreeMap<>();
    facts.values().stream()
        .filter(ResourceFacts::failing)
        .sorted(Comparator.comparing(ResourceFacts::id))
        .forEach(
            f ->
                relayedFrom(graph, f)
                    .ifPresent(d -> naming.computeIfAbsent(d, k -> new ArrayList<>()).add(f)));
    Map<String, CutOff> out = new TreeMap<>();
    naming.forEach(
        (d, callers) -> cutOff(graph, context, facts, d, callers).ifPresent(c -> out.put(d, c)));
    return out;
  }

  /**
   * Returns {@code facts} without the dependencies that {@code cutOffs} holds: what they showed is
   * the load their cut-off callers no longer send, which the ranker must not weigh as their
   * failure.
   */
  static Map<String, ResourceFacts> withoutLostLoad(
      Map<String, ResourceFacts> facts, Map<String, CutOff> cutOffs) {
    if (cutOffs.isEmpty()) {
      return facts;
    }
    Map<String, ResourceFacts> out = new HashMap<>(facts);
    out.keySet().removeAll(cutOffs.keySet());
    return out;
  }

  private static Optional<CutOff> cutOff(
      TopologyGraph graph,
      IncidentContext context,
      Map<String, ResourceFacts> facts,
      String d,
      List<ResourceFacts> callers) {
    ResourceFacts own = facts.get(d);
    if (own == null ? !reported(context, d) : ownFault(own)) {
      return Optional.empty();
    }
    List<ErrorEvent> failures = new ArrayList<>();
    for (ResourceFacts caller : callers) {
      Optional<List<ErrorEvent>> cut = connectionFailures(graph, caller, d);
      if (cut.isEmpty()) {
        return Optional.empty();
      }
      failures.addAll(cut.get());
    }
    long refused =
        ResourceFacts.totalCount(failures.stream().filter(Reachability::refusal).toList());
    if (2 * refused >= ResourceFacts.totalCount(failures) && !stillServes(own)) {
      return Optional.empty();
    }
    List<String> served =
        graph.dependantsOf(d).stream()
            .map(Dependency::fromId)
            .distinct()
            .filter(id -> (facts.get(id) == null || !facts.get(id).failing()))
            .filter(id -> reported(context, id))
            .sorted()
            .toList();
    if (served.isEmpty()) {
      return Optional.empty();
    }
    ErrorEvent example = failures.stream().min(ResourceFacts.ERROR_ORDER).orElseThrow();
    return Optional.of(
        new CutOff(
            d,
            callers.stream().map(ResourceFacts::id).toList(),
            served,
            own == null ? List.of() : List.copyOf(own.anomalies),
            example));
  }

  /**
   * Returns {@code caller}'s errors that name {@code d} and say the connection failed, when they
   * are at least {@value #MIN_RELAYED_ERRORS} and at least half of its errors that name {@code d}.
   */
  private static Optional<List<ErrorEvent>> connectionFailures(
      TopologyGraph graph, ResourceFacts caller, String d) {
    Map<String, String> words = dependencyWords(graph, caller.id());
    long naming = 0;
    List<ErrorEvent> failures = new ArrayList<>();
    for (ErrorEvent e : caller.errors) {
      if (named(e, words).contains(d)) {
        naming = ResourceFacts.saturatedSum(naming, e.count());
        if (connectionFailure(e)) {
          failures.add(e);
        }
      }
    }
    long count = ResourceFacts.totalCount(failures);
    return count >= MIN_RELAYED_ERRORS && count >= naming - count
        ? Optional.of(failures)
        : Optional.empty();
  }

  /** Returns whether the context says {@code id} reported telemetry in its window. */
  private static boolean reported(IncidentContext context, String id) {
    return context.observedResourceIds().map(ids -> ids.contains(id)).orElse(false);
  }

  /**
   * Returns whether {@code f} shows a fault of its own: an error other than its clients'
   * connections breaking (see {@link #CLIENT_LOST}), a firing alert, or an anomaly other than a
   * fall of a throughput or usage series to no less than {@value #LOST_LOAD_FLOOR} of its baseline.
   */
  private static boolean ownFault(ResourceFacts f) {
    return f.errors.stream().anyMatch(e -> !clientLost(e))
        || !f.alerts.isEmpty()
        || !f.anomalies.stream().allMatch(Reachability::lostLoad);
  }

  /**
   * Marks a throughput series of the host rather than of the service (bytes or packets on the
   * network or a disk): a host keeps some of that traffic with its service process down.
   */
  private static final Pattern HOST_TRAFFIC = Pattern.compile("byte|packet|network|disk");

  /**
   * Returns whether {@code f}'s throughput of requests or queries (not its host's traffic, see
   * {@link #HOST_TRAFFIC}) fell but kept at least {@value #SERVED_FLOOR} of its baseline: the load
   * of the callers still served.
   */
  private static boolean stillServes(ResourceFacts f) {
    return f != null
        && f.anomalies.stream()
            .anyMatch(
                a ->
                    ResourceFacts.isDemandMetric(a.metricName())
                        && !HOST_TRAFFIC.matcher(a.metricName().toLowerCase(Locale.ROOT)).find()
                        && a.currentValue() < a.baselineValue()
                        && a.currentValue() >= SERVED_FLOOR * a.baselineValue());
  }

  private static boolean clientLost(ErrorEvent e) {
    String text = Texts.errorText(e);
    return CLIENT_LOST.matcher(text).find();
  }

  private static boolean lostLoad(Anomaly a) {
    String metric = a.metricName();
    return (ResourceFacts.isDemandMetric(metric) || ResourceFacts.isSaturationMetric(metric))
        && a.currentValue() < a.baselineValue()
        && a.currentValue() >= LOST_LOAD_FLOOR * a.baselineValue();
  }
}
