package io.topdeck.monitoring.core.correlation;

import io.topdeck.monitoring.api.Alert;
import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.Evidence;
import io.topdeck.monitoring.api.IncidentContext;
import io.topdeck.monitoring.api.Masker;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.RootCauseAnalysis;
import io.topdeck.monitoring.api.RootCauseCandidate;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.api.TopologyGraph;
import io.topdeck.monitoring.core.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Ranks root-cause hypotheses of one incident. Two kinds compete for each resource on the symptom's
 * downstream path and each resource that fails significantly anywhere in the context: "a change to
 * R caused the failure that its {@link #supportPath} leads to", and "R fails on its own". Each
 * candidate's score is the sum of its evidence weights: one credit per anomalous series, errors and
 * alerts (together capped per resource), signatures, and what the order of onsets along the edges
 * and the dependencies its errors name say ({@link Propagation}, {@link #relayedFrom}, and in turn
 * what its callers' errors report of it, {@link #reportedBy}); confidence weighs a hypothesis
 * against the others of its failure group and a null hypothesis. A third kind, "a dependency that
 * shows nothing fails", is proposed for a dependency that callers failing together or their errors
 * point at (see {@link #silentDependencies}).
 *
 * <p>Callers that cannot connect to a dependency that serves its other callers and shows no fault
 * of its own (a partition, a security group, a route or DNS record; see {@link
 * Reachability#cutOffs}) make a fault of the path between them: what the dependency showed (its
 * throughput falling with the load that no longer arrives) is not weighed as its failure, and its
 * "shows nothing itself" hypothesis ({@link #silentDependencies}) says so, recommends checking that
 * path and is held at {@link #CUT_OFF_CONFIDENCE}.
 *
 * <p>The weights were set by hand on generated incidents (the benchmarks module's RCA benchmark,
 * seeds 42, 7, 2026, 3, 5, 11, 101, 202 and 303) and the scripted use cases; they are not fitted to
 * any data set of real incidents.
 *
 * <p>A release is blamed without more demand when the services that read what it sends (its direct
 * dependencies, or one hop further behind a service relaying their failure by name) began to turn
 * its requests away as malformed ({@link #rejectingAfter}) and no caller the release does not reach
 * fails with them; those services are then weaker as failing on their own ({@link
 * #REJECTED_PENALTY}). An error counts as a rejection only when its words say the request the
 * service received was bad (a missing header, a body that fails validation), not for a status code
 * alone, nor for the answer to a call the service made, nor for throttling ({@link
 * ResourceFacts#rejectsRequests}). A dependency whose held bursts keep coming back flaps and passes
 * its failure on ({@link ResourceFacts#flapping}).
 *
 * <p>A failure still growing when the telemetry ends earns the credit for holding however recently
 * it began ({@link #stillClimbing}): a series climbing on, or errors at least doubling from one
 * minute to the next. A saturating service whose CPU and latency series are missing reports only
 * its errors, and only once it runs out of capacity, minutes before the analysis; in a large estate
 * the many faint failures that touch it can still hold it under 0.5 (one L3 case on seed 303, named
 * first at 0.48).
 *
 * <p>Known wrong answers, on small hand-built incidents the generator does not make: a caller whose
 * retries raise its demand within a minute after its dependency began to fail, with no errors
 * naming it, is taken as having loaded it ({@link Propagation#loadedBy}); a release that breaks
 * backends without more demand and without client errors that say so is not blamed, since a change
 * two or more hops above a failure, or on an entry point, explains it only through more demand
 * ({@link #relaysMoreDemand}); a gateway release is not looked at when the gateway is neither on
 * the symptom's path nor failing, and the backend that rejects its requests may stay the leading
 * candidate, though under 0.5; after a gateway release is named, one of the backends it broke can
 * still be listed as a second root with a confidence near 0.7; a bad payload whose receiver only
 * throws a plain exception ("must not be null" without a validation exception's name) names the
 * receiver, as its own bug would; a dependency failing in single-point spikes, or in fewer than
 * three bursts, while its callers hold is not what they inherit; a database whose telemetry stops
 * while it fails can look recovered ({@link #recoveredEvidence} cannot tell silence from recovery);
 * a deployment on the only other caller of a database that deadlocks on its own is blamed, as in
 * use case 1.
 */
final class RootCauseRanker {

  /**
   * Masks the error messages quoted in evidence: contexts built by hand, not by a collector, may
   * hold messages that were never masked.
   */
  private static final Masker MASKER = Masker.defaults();

  private static final double SIGNATURE_WEIGHT = 0.5;

  /**
   * How long before its onset a change of a failing caller explains that caller's failure, so that
   * it does not count towards a silent common dependency.
   */
  private static final Duration OWN_CHANGE_WINDOW = Duration.ofHours(4);

  private static final double SATURATION_WEIGHT = 0.75;
  private static final double DEEPEST_WEIGHT = 1.0;
  private static final double FIRST_ONSET_WEIGHT = 1.0;
  private static final double INHERITED_PENALTY = -3.0;

  /**
   * How far (as a factor either way) the relative throughput rise of a dependency may differ from
   * its entry point's for the two to be one surge passed on (see {@link #surgePassedThrough}).
   */
  private static final double SURGE_PROPORTION = 2.0;

  private static final double REACH_WEIGHT = 1.5;
  private static final double CLEAR_STRENGTH = 2.0;
  private static final double UNSUPPORTED_CHANGE_WEIGHT = 0.25;

  /**
   * The credit per signal, beyond the first, that began together with others on one resource (see
   * {@link ResourceFacts#coincidentSignals}). Noise onsets spread over a window of some forty
   * samples; two landing within two samples of each other by chance is about ten times less likely
   * than one fault moving both, hence a log-odds credit near ln(10). Not given to a resource whose
   * failure may come from a dependency or a caller's load (see {@link #notItsOwn}).
   */
  private static final double COINCIDENT_WEIGHT = 1.5;

  private static final int MAX_COINCIDENT = 3;

  /**
   * The credit when a resource's clear deviation persisted (see {@link ResourceFacts#persistence}):
   * nothing up to {@link #PERSISTENCE_FROM}, growing linearly to the full credit at {@link
   * #PERSISTENCE_FULL}. Noise episodes (a latency spike, a CPU burst, a short retry storm) pass
   * within minutes, while a fault lasts until someone fixes it; a deviation holding a quarter of an
   * hour is taken as some ten times more likely a fault than noise, hence a log-odds credit near
   * ln(10). Anomalies whose {@link Anomaly#lastSeenAt} is unknown get nothing, and neither does a
   * resource whose failure may come from a dependency or a caller's load (see {@link #notItsOwn}).
   */
  private static final double PERSISTENCE_WEIGHT = 2.3;

  /**
   * The penalty for a resource whose every clear deviation is known to have lasted under a minute
   * and that logged few errors and fires no alert (see {@link ResourceFacts#blip}): a spike of a
   * point or two is the commonest noise of production, while a fault holds its resource out of
   * line.
   */
  private static final double BLIP_PENALTY = -1.5;

  /**
   * The penalty for "R fails on its own" when most of R's errors turn requests away as malformed
   * (see {@link ResourceFacts#rejectsRequests}): a storm of client errors, a header or parameter
   * missing, says its callers changed what they send. A service that starts rejecting good requests
   * after a release of its own is weighed by that release's hypothesis, not by this one; taken as
   * some ten times likelier the callers' doing, hence a log-odds weight near -ln(10).
   */
  private static final double REJECTED_PENALTY = -2.3;

  /**
   * The penalty for a resource that was back in line while the incident went on (see {@link
   * #recoveredEvidence}): the root of a failure that still holds does not heal by itself, while a
   * passing episode of noise (a burst of slow requests, a deployment's warm-up) does. Taken as some
   * ten times likelier noise than a root, hence a log-odds weight near -ln(10), as for {@link
   * #PERSISTENCE_WEIGHT}.
   */
  private static final double RECOVERED_PENALTY = -2.3;

  /**
   * How long before the last anomaly flagged in the incident a resource's last deviation must have
   * ended for it to count as recovered: ten samples of a 30 s scrape, longer than the gaps of a
   * flapping fault between points flagged.
   */
  private static final Duration RECOVERY_GAP = Duration.ofMinutes(5);

  private static final Duration PERSISTENCE_FROM = Duration.ofMinutes(5);

  /** How many times its baseline, and its value when flagged, a climbing series reached. */
  private static final double CLIMB_FACTOR = 2.0;

  /**
   * The span over which a resource's errors are counted, twice, to tell whether they were still
   * climbing when the telemetry ended (see {@link #errorsClimbing}): two scrapes of 30 s, the
   * shortest that counts more than a single report.
   */
  private static final Duration ERROR_CLIMB_SPAN = Duration.ofMinutes(1);

  /**
   * The errors, at least, a resource must log in the last minute of the telemetry for them to count
   * as climbing (see {@link #errorsClimbing}): a few background errors going from two to five say
   * nothing of a failure.
   */
  private static final long MIN_CLIMBING_ERRORS = 10;

  /**
   * The errors, at least, of a type the changed resource logs too, that another caller of a
   * rejecting dependency must log for it to fail as the changed one does (see {@link #failsAlike}):
   * as many as make a resource's errors significant.
   */
  private static final long ALIKE_ERRORS = 10;

  /** How long after a dependency's spike ended a failure above it may still be its doing. */
  private static final Duration SPIKE_PASS_ON = Duration.ofMinutes(1);

  private static final Duration PERSISTENCE_FULL = Duration.ofMinutes(15);

  /**
   * The credit when a resource's usage climbed minutes before its own service degraded (see {@link
   * ResourceFacts#usageLead}): a victim of a slow dependency degrades without its own usage rising
   * first.
   */
  private static final double USAGE_LEAD_WEIGHT = 1.0;

  /**
   * The credit when a resource that makes its own demand (nothing calls it, it is a batch job, or
   * its callers show nothing; see {@link #makesOwnDemand}) sent more demand first and failures
   * began after it along its edges: the footprint of a noisy neighbour, whose own telemetry shows
   * only its throughput, while the dependency it floods may show nothing at all. A job's demand
   * rising by chance just before unrelated failures it can reach is taken as some ten times less
   * likely than its load causing them, hence a log-odds credit near ln(10).
   */
  private static final double DEMAND_SOURCE_WEIGHT = 2.3;

  /**
   * The score of the null hypothesis "nothing in this group is a root" against which every group's
   * hypotheses are weighed; see {@link #rank}. A resource with two or three clearly anomalous
   * series whose failure comes first and reaches a few others scores well above it; a lone blip
   * scores well below.
   */
  static final double NULL_SCORE = 4.5;

  /** The confidence from which a leading hypothesis counts as named when a group is split. */
  private static final double MIN_NAMED = 0.5;

  /**
   * The credit for a failure its callers' own errors report (see {@link #reportedBy}): a second,
   * independent witness beside the resource's telemetry, as an on-call engineer reading the
   * callers' logs would take it.
   */
  private static final double REPORTED_WEIGHT = 1.0;

  /**
   * Marks a SQL client's report that a query or statement ran out of time (JDBC's {@code
   * SQLTimeoutException}, Postgres's "canceling statement due to statement timeout", SQL Server's
   * "Execution Timeout Expired", MySQL's "Lock wait timeout exceeded" and "Statement cancelled due
   * to timeout", Oracle's ORA-01013): the database's queries timing out, as deadlock victims are
   * the database's. A pool with no connection to lend is not among them: that limit is the caller's
   * own (see {@link ErrorSignature#CONNECTION_POOL}).
   */
  private static final java.util.regex.Pattern SQL_TIMEOUT =
      java.util.regex.Pattern.compile(
          "(?i)sqltimeoutexception|statement timeout|execution timeout expired"
              + "|lock wait timeout|statement cancelled due to timeout|ora-01013");

  private static final double NO_OWN_CHANGE_WEIGHT = 0.5;
  private static final double PEER_WEIGHT = 0.5;
  private static final double EXTERNAL_WEIGHT = 0.75;
  private static final int MAX_LISTED = 12;

  /**
   * The failing callers, at least, whose errors must name a dependency that reports telemetry and
   * shows no clear failure in it before that dependency is proposed as their root (see {@link
   * #silentDependencies}).
   */
  private static final int MIN_NAMING_CALLERS = 2;

  /** The credit for a silent dependency that the errors of a failing caller name. */
  private static final double NAMED_WEIGHT = 1.0;

  /**
   * The highest confidence given to a dependency that some callers cannot reach while it serves
   * others and shows no fault of its own (see {@link Reachability#cutOffs}). The candidate names
   * the dependency only because the topology has no network resources; what it says is that the
   * fault lies on the path between those callers and it. The evidence for that is strong (the
   * callers' own errors say the connection failed, the dependency's telemetry shows no fault,
   * another caller is served), but a candidate's confidence is read as the chance that the fault is
   * at the named resource, and which end of the path holds it the evidence cannot say: the
   * dependency's end (a security group, firewall rule or access list in front of it, its DNS
   * record) or the callers' (their zone, routes, resolver). 0.7 keeps the candidate above {@link
   * #MIN_NAMED}, so that the path it describes is named and acted on, and under the 0.9 and more
   * that a dependency showing its own failure gets, so that no reader takes it for the dependency
   * having failed. It is a bound chosen for that reading, not a rate measured on real incidents.
   */
  private static final double CUT_OFF_CONFIDENCE = 0.7;

  /** How close together the failures of a silent dependency's callers must begin. */
  private static final Duration SHARED_ONSET_SPREAD = Duration.ofMinutes(5);

  private static final int MAX_CHAIN = 16;
  private static final List<String> STATUS_KEYS =
      List.of("http.status_code", "http.response.status_code", "status_code", "statusCode");
  private static final java.util.regex.Pattern STATUS_IN_MESSAGE =
      java.util.regex.Pattern.compile("\\b(5\\d\\d|429)\\b");

  /** Changes by time, then id: graphs need not list changes at one instant in any order. */
  private static final Comparator<ChangeEvent> CHANGE_ORDER =
      Comparator.comparing(ChangeEvent::time).thenComparing(ChangeEvent::id);

  private final TopologyGraph graph;
  private final Duration lookback;
  private final double decaySeconds;

  RootCauseRanker(TopologyGraph graph, Duration lookback) {
    this.graph = graph;
    this.lookback = lookback;
    // A change a quarter of the lookback before the onset keeps e^-1 of its weight.
    this.decaySeconds = Math.max(1, lookback.getSeconds() / 4.0);
  }

  /**
   * A hypothesis before ranking; {@code group} names the part of the failing graph it explains
   * (hypotheses of one group compete for its probability mass).
   */
  private record Hypothesis(
      ResourceRef resource,
      Optional<ChangeEvent> change,
      List<Evidence> evidence,
      String summary,
      String recommendation,
      String group,
      String anchor) {
    double score() {
      return evidence.stream().mapToDouble(Evidence::weight).sum();
    }
  }

  /** The facts of one analysis. */
  private final class Incident {
    final IncidentContext context;
    final ResourceRef symptom;

    /** Whether the symptom's resource is in the topology; when not, the path is empty. */
    final boolean known;

    /** The symptom and everything it depends on, nearest first. */
    final List<String> path;

    /** The path, then every other resource that fails significantly, by id. */
    final List<String> scope;

    final Map<String, ResourceFacts> facts;

    final Propagation propagation;
    final Instant onset;
    final TimeRange changeRange;
    final Map<String, List<ChangeEvent>> changes = new LinkedHashMap<>();
    private final Map<String, List<String>> downstream = new java.util.HashMap<>();

    /** The silent dependencies proposed as roots and the failing callers that point at them. */
    final Map<String, List<String>> silentCallers = new java.util.TreeMap<>();

    /** The dependencies that some failing callers cannot reach (see {@link Reachability}). */
    final Map<String, Reachability.CutOff> cutOffs;

    /** The evidence against "it fails on its own" of callers that fail together with others. */
    final Map<String, Evidence> sharedCause = new java.util.HashMap<>();

    private Set<String> pathSet;
    private Outside outside;

    Incident(
        IncidentContext context,
        ResourceRef symptom,
        boolean known,
        Map<String, ResourceFacts> facts,
        Map<String, Reachability.CutOff> cutOffs) {
      this.context = context;
      this.symptom = symptom;
      this.known = known;
      this.facts = facts;
      this.cutOffs = cutOffs;
      this.propagation =
          new Propagation(
              graph, facts, (caller, id) -> relayedFrom(caller).filter(id::equals).isPresent());
      List<String> p = new ArrayList<>();
      if (known) {
        p.add(symptom.id());
        p.addAll(downstream(symptom.id()));
      }
      this.path = List.copyOf(p);
      Set<String> onPath = new HashSet<>(path);
      List<String> s = new ArrayList<>(path);
      facts.keySet().stream()
          .filter(id -> !onPath.contains(id) && propagation.significant(id))
          .sorted()
          .forEach(s::add);
      this.scope = List.copyOf(s);
      this.onset =
          scope.stream()
              .filter(id -> onPath.contains(id) || propagation.significant(id))
              .map(facts::get)
              .filter(f -> f != null && f.failing())
              .map(f -> propagation.significant(f.id()) ? f.robustOnset() : f.onset().orElseThrow())
              .min(Comparator.naturalOrder())
              .orElse(context.window().to());
      Instant last =
          scope.stream()
              .filter(propagation::significant)
              .map(propagation::onset)
              .max(Comparator.naturalOrder())
              .filter(onset::isBefore)
              .orElse(onset);
      this.changeRange = new TimeRange(onset.minus(lookback), last);
      for (String id : scope) {
        Instant until = onsetFor(id);
        List<ChangeEvent> list =
            graph.changes(id, changeRange).stream()
                .filter(c -> !c.time().isAfter(until))
                .sorted(CHANGE_ORDER)
                .toList();
        if (!list.isEmpty()) {
          changes.put(id, list);
        }
      }
    }

    /**
     * Returns the onset that bounds the changes blamed on {@code id}: the earliest onset of its
     * group when it fails significantly, else the first onset of the incident.
     */
    Instant onsetFor(String id) {
      return propagation.group(id).map(g -> propagation.groupOnset(id)).orElse(onset);
    }

    boolean onPath(String id) {
      if (pathSet == null) {
        pathSet = new HashSet<>(path);
      }
      return pathSet.contains(id);
    }

    /**
     * Returns what {@code id} depends on, transitively, nearest first and by id at one distance, so
     * that the order of the graph's edges does not matter; walked once per resource.
     */
    List<String> downstream(String id) {
      return downstream.computeIfAbsent(
          id,
          k ->
              Topology.walk(graph, k, Topology.Direction.DOWNSTREAM, Integer.MAX_VALUE).stream()
                  .sorted(
                      Comparator.comparingInt(Topology.Hop::depth)
                          .thenComparing(Topology.Hop::resourceId))
                  .map(Topology.Hop::resourceId)
                  .toList());
    }

    Outside outside() {
      if (outside == null) {
        outside = RootCauseRanker.this.outside(this);
      }
      return outside;
    }

    boolean failing(String id) {
      ResourceFacts f = facts.get(id);
      return f != null && f.failing();
    }

    String name(String id) {
      return graph.resource(id).map(ResourceRef::name).orElse(id);
    }
  }

  RootCauseAnalysis analyze(
      IncidentContext context,
      Map<String, ResourceFacts> facts,
      Optional<String> unattributed,
      Instant analyzedAt) {
    Optional<ResourceRef> symptom = graph.resource(context.symptomResourceId());
    // What a dependency that some callers cannot reach shows is the load they no longer send: it
    // is weighed as that, by its cut-off hypothesis, and not as its failure.
    Map<String, Reachability.CutOff> cutOffs = Reachability.cutOffs(graph, context, facts);
    // A symptom the topology does not know has no path to follow, but the context's failures are
    // still placed in the graph: rank those and state the gap rather than return nothing.
    Incident incident =
        new Incident(
            context,
            symptom.orElseGet(() -> ResourceRef.of(context.symptomResourceId(), "unknown")),
            symptom.isPresent(),
            Reachability.withoutLostLoad(facts, cutOffs),
            cutOffs);
    List<Hypothesis> silent = silentDependencies(incident);
    List<Hypothesis> best = new ArrayList<>();
    for (String id : incident.scope) {
      bestFor(incident, id).ifPresent(best::add);
    }
    best.addAll(silent);
    List<RootCauseCandidate> candidates =
        rank(incident, backgroundBlips(incident, mergeGroups(incident, best)));
    return new RootCauseAnalysis(
        context.symptomResourceId(),
        context.window(),
        analyzedAt,
        candidates,
        steps(incident, candidates, unattributed));
  }

  private Optional<Hypothesis> bestFor(Incident incident, String id) {
    List<Hypothesis> options = new ArrayList<>();
    ResourceRef resource = graph.resource(id).orElseThrow();
    incident.changes.getOrDefault(id, List.of()).stream()
        .map(c -> changeHypothesis(incident, resource, c))
        .forEach(options::add);
    // A dependency proposed as silent (its own telemetry faint, its callers' errors naming it) is
    // weighed by that hypothesis, not by its faint telemetry alone.
    if ((incident.propagation.significant(id) || (incident.onPath(id) && incident.failing(id)))
        && !incident.silentCallers.containsKey(id)) {
      options.add(ownHypothesis(incident, resource));
    }
    return options.stream().max(HYPOTHESIS_ORDER);
  }

  /**
   * Orders the hypotheses about one resource by score; on a tie, a change ranks above the resource
   * failing on its own, an earlier change above a later one, then the smaller change id, so that
   * the order in which the graph lists changes does not matter.
   */
  private static final Comparator<Hypothesis> HYPOTHESIS_ORDER =
      Comparator.comparingDouble(Hypothesis::score)
          .thenComparing(h -> h.change().isPresent())
          .thenComparing(
              h -> h.change().map(ChangeEvent::time).orElse(Instant.MAX), Comparator.reverseOrder())
          .thenComparing(
              h -> h.change().map(ChangeEvent::id).orElse(""), Comparator.reverseOrder());

  /**
   * The probability mass of competing hypotheses and the null hypothesis: {@link #share} is {@code
   * exp(s) / (exp(NULL_SCORE) + sum of exp(s') over the competitors)}, with every exponent taken
   * relative to the largest score (or the null score), so that no score, however large, overflows.
   */
  private record Mass(double top, double sum) {

    static Mass of(List<Hypothesis> competitors) {
      double top = NULL_SCORE;
      for (Hypothesis h : competitors) {
        top = Math.max(top, h.score());
      }
      double sum = 0;
      for (Hypothesis h : competitors) {
        sum += Math.exp(h.score() - top);
      }
      return new Mass(top, sum);
    }

    double share(double score) {
      return Math.exp(score - top) / (Math.exp(NULL_SCORE - top) + sum);
    }
  }

  /**
   * Orders the hypotheses by confidence. A hypothesis competes with the others of its group and
   * with the null hypothesis "nothing here is a root", whose score is {@link #NULL_SCORE}: its
   * confidence is {@code exp(s) / (exp(NULL_SCORE) + sum of exp(s') over its group)}. Separate
   * groups are separate failures (two roots at once), so each gets its own mass, and weak evidence
   * keeps the confidence low instead of sharing out a certainty that is not there.
   */
  private List<RootCauseCandidate> rank(Incident incident, List<Hypothesis> hypotheses) {
    Map<Hypothesis, String> part = parts(incident, hypotheses);
    Map<String, List<Hypothesis>> members = new java.util.HashMap<>();
    for (Hypothesis h : hypotheses) {
      members.computeIfAbsent(part.get(h), k -> new ArrayList<>()).add(h);
    }
    Map<String, Mass> mass = new java.util.HashMap<>();
    members.forEach((p, hs) -> mass.put(p, Mass.of(hs)));
    record Scored(Hypothesis h, double confidence) {}
    List<Scored> scored = new ArrayList<>();
    Map<String, Double> cap = new java.util.HashMap<>();
    for (Hypothesis h : hypotheses) {
      cap.merge(part.get(h), share(incident, mass.get(part.get(h)), h), Math::max);
    }
    for (Hypothesis h : hypotheses) {
      double c = share(incident, mass.get(part.get(h)), h);
      c = Math.min(c, earlierPartsCap(part.get(h), cap));
      scored.add(new Scored(h, Double.isNaN(c) ? 1 : Math.min(1, c)));
    }
    scored.sort(
        Comparator.comparingDouble(Scored::confidence)
            .reversed()
            .thenComparing(Comparator.comparingDouble((Scored x) -> x.h().score()).reversed())
            .thenComparing(x -> x.h().resource().id()));
    List<RootCauseCandidate> out = new ArrayList<>();
    for (int i = 0; i < scored.size(); i++) {
      Hypothesis h = scored.get(i).h();
      List<Evidence> evidence = new ArrayList<>(h.evidence());
      if (i == 0) {
        quietOutsideEvidence(incident).ifPresent(evidence::add);
      }
      out.add(
          new RootCauseCandidate(
              h.resource(),
              h.change(),
              h.score(),
              scored.get(i).confidence(),
              h.summary(),
              evidence,
              h.recommendation()));
    }
    return out;
  }

  /**
   * Returns the share of {@code mass} that {@code h} takes, held at {@link #CUT_OFF_CONFIDENCE}
   * when {@code h}, with no change, is about a dependency that some callers cannot reach (see
   * {@link Reachability#cutOffs}): the hypothesis that the path to it fails.
   */
  private static double share(Incident incident, Mass mass, Hypothesis h) {
    double c = mass.share(h.score());
    return h.change().isEmpty() && incident.cutOffs.containsKey(h.resource().id())
        ? Math.min(c, CUT_OFF_CONFIDENCE)
        : c;
  }

  /**
   * Splits each group of touching failures into the parts that separate roots explain. The best
   * hypothesis of a group takes every hypothesis about a resource its failure could have reached or
   * whose errors report it (see {@link #explainedFailures}); the best of the rest, a failure the
   * first cannot explain, takes what it reaches in turn, and so on. Two roots whose failures touch
   * (a failing cache and a slow database behind the same service) then each compete only with what
   * they explain, instead of the weaker one sharing the stronger one's probability mass.
   */
  private Map<Hypothesis, String> parts(Incident incident, List<Hypothesis> hypotheses) {
    Map<String, List<Hypothesis>> byGroup = new LinkedHashMap<>();
    for (Hypothesis h : hypotheses) {
      byGroup.computeIfAbsent(h.group(), k -> new ArrayList<>()).add(h);
    }
    Map<Hypothesis, String> part = new java.util.IdentityHashMap<>();
    for (Map.Entry<String, List<Hypothesis>> e : byGroup.entrySet()) {
      List<Hypothesis> rest = new ArrayList<>(e.getValue());
      rest.sort(
          Comparator.comparingDouble(Hypothesis::score)
              .reversed()
              .thenComparing(h -> h.resource().id()));
      for (int n = 0; !rest.isEmpty(); n++) {
        Hypothesis leader = rest.get(0);
        Set<String> explained = new HashSet<>(explainedFailures(incident, leader.anchor()));
        explained.add(leader.resource().id());
        for (String caller : incident.silentCallers.getOrDefault(leader.anchor(), List.of())) {
          explained.addAll(incident.propagation.reachedSet(caller));
        }
        String name = e.getKey() + "/" + n;
        List<Hypothesis> taken =
            rest.stream()
                .filter(
                    h ->
                        h == leader
                            || explained.contains(h.anchor())
                            || explained.contains(h.resource().id()))
                .toList();
        double leading = Mass.of(rest).share(leader.score());
        // Only a root named with confidence against all that is left of its group leaves the rest
        // to another root: a weak leader (noise in a busy estate) keeps them competing as one.
        List<Hypothesis> joined = leading < MIN_NAMED ? List.copyOf(rest) : taken;
        joined.forEach(h -> part.put(h, name));
        rest.removeAll(joined);
      }
    }
    return part;
  }

  /**
   * Returns the lowest leading confidence of the parts before {@code part} in its group: a second
   * root is looked for only once the first is named, so it is never more certain than the first.
   */
  private static double earlierPartsCap(String part, Map<String, Double> leading) {
    int slash = part.lastIndexOf('/');
    int n = Integer.parseInt(part.substring(slash + 1));
    double c = 1;
    for (int i = 0; i < n; i++) {
      c = Math.min(c, leading.getOrDefault(part.substring(0, slash + 1) + i, 1.0));
    }
    return c;
  }

  /** Returns the group a hypothesis about {@code id} explains. */
  private static String groupOf(Incident incident, String id) {
    return incident.propagation.group(id).map(g -> "g" + g).orElse("r:" + id);
  }

  // ---- "a change to R caused it" ----

  /**
   * Returns the path from {@code id} down to the resource whose failure the change {@code c} on
   * {@code id} explains, empty when it explains none. The path goes down through significant
   * dependencies that all began to fail after the change, earliest first, to a resource whose
   * failure was not inherited and that the change can have broken: it has no newer change of its
   * own, is not external (a change of the owner's does not make a third party's service fail),
   * fails in a way a caller can cause (see {@link #callerInduced}) and fails for no caller off the
   * path. Failing that, the path is {@code id} alone when {@code id} failed after the change and
   * its failure was not inherited. A change on a resource that merely passes on a failure that
   * others share (a deployment on one caller of the real root) explains nothing.
   */
  private Optional<List<String>> supportPath(Incident incident, String id, ChangeEvent c) {
    Propagation p = incident.propagation;
    if (p.significant(id) && p.onset(id).isBefore(c.time())) {
      return Optional.empty();
    }
    if (loadFromAbove(incident, id)) {
      return Optional.empty();
    }
    List<List<String>> rejecting = rejectingAfter(incident, id, c);
    if (!rejecting.isEmpty()) {
      return Optional.of(rejecting.get(0));
    }
    List<String> start =
        p.significant(id)
            ? p.failingDependencies(id)
            : Topology.dependencies(graph, id).stream().filter(p::significant).toList();
    List<String> path = new ArrayList<>(List.of(id));
    Set<String> visited = new HashSet<>(path);
    Optional<List<String>> below = searchDown(incident, c, start, path, visited);
    if (below.isPresent()) {
      return below;
    }
    return p.significant(id) && inheritedFrom(incident, id).isEmpty()
        ? Optional.of(List.of(id))
        : Optional.empty();
  }

  /**
   * Walks down from the end of {@code path} through significant dependencies that failed after
   * {@code c}, earliest first, and returns the first path that ends at a resource {@code c} can
   * have broken (see {@link #supportPath}).
   */
  private Optional<List<String>> searchDown(
      Incident incident, ChangeEvent c, List<String> next, List<String> path, Set<String> visited) {
    Propagation p = incident.propagation;
    if (path.size() >= MAX_CHAIN) {
      return Optional.empty();
    }
    List<String> ordered =
        next.stream()
            .filter(d -> !p.onset(d).isBefore(c.time()) && !visited.contains(d))
            .sorted(Comparator.comparing(p::onset).thenComparing(d -> d))
            .toList();
    for (String d : ordered) {
      visited.add(d);
      path.add(d);
      // A few errors and no anomaly are no failure a change broke, though they may be on the way.
      if (inheritedFrom(incident, d).isEmpty()
          && !incident.facts.get(d).fewErrorsOnly()
          && brokenBy(incident, c, d, path)) {
        return Optional.of(List.copyOf(path));
      }
      Optional<List<String>> deeper =
          searchDown(incident, c, p.failingDependencies(d), path, visited);
      if (deeper.isPresent()) {
        return deeper;
      }
      path.remove(path.size() - 1);
    }
    return Optional.empty();
  }

  /**
   * Returns whether the trouble of the changed resource {@code id} began with more demand that its
   * callers or users sent (see {@link #demandFromOutside}): a traffic surge from above, which
   * reaches every tier below in proportion whether or not {@code id} was just deployed. What fails
   * under that load, {@code id} included, is the surge's doing, not the change's.
   */
  private boolean loadFromAbove(Incident incident, String id) {
    ResourceFacts f = incident.facts.get(id);
    return f != null
        && incident.propagation.significant(id)
        && demandFromOutside(incident, f.resource, f);
  }

  /**
   * Returns the dependencies of {@code id} that failed before it (see {@link
   * Propagation#failedBefore}) and can have passed their failure on. When {@code id}'s own
   * deviation held for {@link #PERSISTENCE_FROM} or more, a dependency whose every deviation passed
   * within a minute (see {@link ResourceFacts#blip}) is left out, and so is one that shows only a
   * few errors and no anomaly (see {@link ResourceFacts#fewErrorsOnly}): neither can have passed on
   * a failure that holds.
   */
  private static List<ResourceFacts> inheritedFrom(Incident incident, String id) {
    List<ResourceFacts> before = incident.propagation.failedBefore(id);
    ResourceFacts f = incident.facts.get(id);
    if (before.isEmpty() || f == null) {
      return before;
    }
    if (f.persistence().compareTo(PERSISTENCE_FROM) < 0) {
      Instant onset = incident.propagation.onset(id);
      return before.stream().filter(d -> !spikeOverBefore(d, onset)).toList();
    }
    return before.stream().filter(d -> !faint(d)).toList();
  }

  /**
   * Returns whether {@code d} only spiked (see {@link ResourceFacts#blip}) and its spike was over
   * more than {@link #SPIKE_PASS_ON} before {@code onset}. A spike passes its failure on while it
   * lasts, as calls waiting on it fail or slow; a failure that begins after the dependency has been
   * back in line for longer than a sample is its own.
   */
  private static boolean spikeOverBefore(ResourceFacts d, Instant onset) {
    return d.blip()
        && d.lastSeen().map(end -> onset.isAfter(end.plus(SPIKE_PASS_ON))).orElse(false);
  }

  /**
   * Returns the paths from {@code id} to the resources that began to turn its requests away as
   * malformed (see {@link ResourceFacts#rejectsRequests}) after its change {@code c}: a direct
   * dependency, or a dependency of one whose errors relay that dependency's failure (see {@link
   * #relayedFrom}), which passed the request on as it was. Every resource on a path failed no
   * earlier than the change, has no newer change of its own and is not external, and no caller of
   * the resource at the end fails that the change does not reach (see {@link
   * #onlyCallersBelowFail}); the paths come earliest end first. A release that alters what a
   * resource sends (a gateway's header rewrite, a client's new payload) breaks the services that
   * read it without sending them more: they answer with client errors, not with what a fault of
   * their own shows.
   */
  private List<List<String>> rejectingAfter(Incident incident, String id, ChangeEvent c) {
    Propagation p = incident.propagation;
    List<List<String>> paths = new ArrayList<>();
    for (String d : Topology.dependencies(graph, id)) {
      if (!brokenAfter(incident, d, c)) {
        continue;
      }
      if (incident.facts.get(d).rejectsRequests()) {
        if (onlyCallersBelowFail(incident, id, d, c)) {
          paths.add(List.of(id, d));
        }
        continue;
      }
      relayedFrom(incident.facts.get(d))
          .filter(
              e ->
                  brokenAfter(incident, e, c)
                      && incident.facts.get(e).rejectsRequests()
                      && !e.equals(id)
                      && onlyCallersBelowFail(incident, id, e, c))
          .ifPresent(e -> paths.add(List.of(id, d, e)));
    }
    paths.sort(
        Comparator.comparing((List<String> path) -> p.onset(path.get(path.size() - 1)))
            .thenComparing(path -> String.join(" ", path)));
    return paths;
  }

  /**
   * Returns whether every caller of the rejecting resource {@code d} that fails against the change
   * {@code c} (see {@link #failsAgainstChange}) is the changed resource {@code id} or depends on
   * it, directly or not, so that what {@code id} sends can reach it. A bad payload from one caller
   * cannot explain why a caller the change does not reach fails too: when one does, {@code d}'s
   * failure is its own, whatever its errors say, as {@link #brokenBy} holds for a failure a
   * change's demand would explain.
   */
  private boolean onlyCallersBelowFail(Incident incident, String id, String d, ChangeEvent c) {
    Set<String> reached = new HashSet<>(Topology.downstream(graph, id));
    return Topology.dependants(graph, d).stream()
        .filter(x -> !x.equals(id) && !reached.contains(x))
        .noneMatch(x -> failsAgainstChange(incident, x, incident.facts.get(id), c));
  }

  /**
   * Returns whether the caller {@code x}, which the change {@code c} does not reach, fails in a way
   * that says its dependency's rejections are not the change's doing: its failure holds (it is
   * neither a spike, see {@link ResourceFacts#blip}, nor a few errors, see {@link
   * ResourceFacts#fewErrorsOnly}) and, from the change on, it turns requests away itself (see
   * {@link ResourceFacts#rejectsRequests}) or fails as the changed resource does (see {@link
   * #failsAlike}). A latency or CPU blip on another caller, or background errors it logged before
   * the release, are the noise of any estate and say nothing of what its dependency rejects.
   */
  private boolean failsAgainstChange(
      Incident incident, String x, ResourceFacts changed, ChangeEvent c) {
    ResourceFacts f = incident.facts.get(x);
    if (f == null || !incident.propagation.significant(x) || f.blip() || f.fewErrorsOnly()) {
      return false;
    }
    if (f.rejectsRequests() && !incident.propagation.onset(x).isBefore(c.time())) {
      return true;
    }
    return changed != null && failsAlike(f, changed, c.time());
  }

  /**
   * Returns whether {@code f} fails, from {@code since} on, as {@code changed} does: it logged at
   * least {@value #ALIKE_ERRORS} errors of an exception type that {@code changed} logged too, or a
   * clear deviation (weighing at least {@link ResourceFacts#SIGNIFICANT} and lasting beyond a
   * spike, see {@link ResourceFacts#held}) of a series that {@code changed} deviates on as clearly.
   * Two callers of one service that begin to log the same client error, or whose error rates rise
   * together, are failing on what that service answers both of them.
   */
  private static boolean failsAlike(ResourceFacts f, ResourceFacts changed, Instant since) {
    Set<String> types = new HashSet<>();
    changed.errors.forEach(e -> types.add(e.exceptionType()));
    long alike =
        ResourceFacts.totalCount(
            f.errors.stream()
                .filter(e -> !e.timestamp().isBefore(since) && types.contains(e.exceptionType()))
                .toList());
    if (alike >= ALIKE_ERRORS) {
      return true;
    }
    Set<String> series = new HashSet<>();
    changed.strongestPerSeries().stream()
        .filter(a -> ResourceFacts.weight(a) >= ResourceFacts.SIGNIFICANT)
        .forEach(a -> series.add(a.metricName()));
    return f.strongestPerSeries().stream()
        .filter(a -> ResourceFacts.weight(a) >= ResourceFacts.SIGNIFICANT)
        .filter(ResourceFacts::held)
        .anyMatch(a -> !a.onset().isBefore(since) && series.contains(a.metricName()));
  }

  /**
   * Returns whether {@code d} fails significantly from no earlier than the change {@code c}, has no
   * newer change of its own and is not external.
   */
  private boolean brokenAfter(Incident incident, String d, ChangeEvent c) {
    Propagation p = incident.propagation;
    return p.significant(d)
        && !p.onset(d).isBefore(c.time())
        && graph.resource(d).map(x -> !isExternal(x)).orElse(false)
        && incident.changes.getOrDefault(d, List.of()).stream()
            .noneMatch(own -> own.time().isAfter(c.time()));
  }

  /** Returns whether a change {@code c} at the top of {@code path} can have broken {@code d}. */
  private boolean brokenBy(Incident incident, ChangeEvent c, String d, List<String> path) {
    Propagation p = incident.propagation;
    Set<String> onPath = new HashSet<>(path);
    return graph.resource(d).map(x -> !isExternal(x)).orElse(false)
        && callerInduced(incident.facts.get(d))
        && relaysMoreDemand(incident, path)
        && incident.changes.getOrDefault(d, List.of()).stream()
            .noneMatch(own -> own.time().isAfter(c.time()))
        && Topology.dependants(graph, d).stream()
            .noneMatch(x -> !onPath.contains(x) && p.significant(x));
  }

  /**
   * Returns whether every resource between the changed resource at the top of {@code path} and the
   * failure at its end sent more demand (see {@link Propagation#demand}), and the failure itself
   * received more when the changed resource only forwards requests (see {@link #forwardsOnly}). A
   * change reaches a resource two or more hops below only through what the resources in between
   * send it: a release of a direct caller can issue a new query, but a gateway or a service further
   * up can alter a database only by making the services in between call it more. When they sent no
   * more than before, their own failure came from below (they began after the resource at the end),
   * and the change explains nothing of it. A gateway builds no request of its own: its release
   * (routing, retries, limits) changes how many requests reach a backend, not what each asks of it;
   * a rewrite of what it forwards shows instead as backends turning requests away (see {@link
   * #rejectingAfter}).
   */
  private boolean relaysMoreDemand(Incident incident, List<String> path) {
    boolean forwards = graph.resource(path.get(0)).map(RootCauseRanker::forwardsOnly).orElse(false);
    int last = forwards ? path.size() - 1 : path.size() - 2;
    for (int i = 1; i <= last; i++) {
      if (incident.propagation.demand(path.get(i)).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns whether {@code r} passes its users' requests on without building its own: an API
   * gateway, an ingress, a load balancer or a proxy (a frontend, which composes its own calls, is
   * not one).
   */
  static boolean forwardsOnly(ResourceRef r) {
    return typeSays(r.type(), "gateway", "ingress", "load_balancer", "loadbalancer", "proxy");
  }

  /**
   * Returns whether {@code f} fails in a way its callers' behaviour can cause: deadlocks, timeouts,
   * an exhausted pool or memory, saturation, or more demand arriving. A dependency that cannot be
   * reached or answers with errors of its own is not broken by a change in a caller.
   */
  private static boolean callerInduced(ResourceFacts f) {
    return !f.signatures().isEmpty() || !f.saturation().isEmpty() || !f.demandRise().isEmpty();
  }

  /**
   * Returns the resources whose failure the change explains: the end of its {@link #supportPath},
   * and the changed resource too when its own failure is not inherited.
   */
  private List<ResourceFacts> explainedBy(Incident incident, String id, ChangeEvent c) {
    Propagation p = incident.propagation;
    return supportPath(incident, id, c)
        .map(
            path -> {
              List<ResourceFacts> out = new ArrayList<>();
              if (path.size() > 1 && p.significant(id) && inheritedFrom(incident, id).isEmpty()) {
                out.add(incident.facts.get(id));
              }
              String end = path.get(path.size() - 1);
              out.add(incident.facts.get(end));
              // Every service turning the changed resource's requests away is explained alike.
              rejectingAfter(incident, id, c).stream()
                  .map(rejecting -> rejecting.get(rejecting.size() - 1))
                  .filter(d -> !d.equals(end))
                  .distinct()
                  .forEach(d -> out.add(incident.facts.get(d)));
              return List.copyOf(out);
            })
        .orElse(List.of());
  }

  private Hypothesis changeHypothesis(Incident incident, ResourceRef r, ChangeEvent c) {
    double decay = decay(Duration.between(c.time(), incident.onsetFor(r.id())));
    double typeWeight = typeWeight(c.type());
    String subject = Texts.changeSubject(c, r.name());
    List<Evidence> evidence = new ArrayList<>();
    List<ResourceFacts> explained = explainedBy(incident, r.id(), c);
    String line = Texts.changeLine(c, r.name());
    if (explained.isEmpty()) {
      boolean failing = incident.propagation.significant(r.id());
      boolean surge = loadFromAbove(incident, r.id());
      evidence.add(
          new Evidence(
              Evidence.Kind.CHANGE,
              r.id(),
              Optional.of(c.time()),
              UNSUPPORTED_CHANGE_WEIGHT * typeWeight * decay,
              line
                  + (surge
                      ? "; more demand from its callers came first, which no change of its own"
                          + " sends"
                      : failing
                          ? "; its failure came from a dependency that failed first"
                          : "; nothing on its path failed after it")));
      return new Hypothesis(
          r,
          Optional.of(c),
          evidence,
          subject
              + " came before the incident, but "
              + (surge
                  ? "the trouble of " + r.name() + " began with more demand from its callers"
                  : failing
                      ? "the failure of " + r.name() + " came from below it"
                      : "nothing on its path failed after it"),
          "Review "
              + subject.substring(0, 1).toLowerCase(Locale.ROOT)
              + subject.substring(1)
              + ": it does not explain the symptoms on its own",
          groupOf(incident, r.id()),
          r.id());
    }
    evidence.add(
        new Evidence(Evidence.Kind.CHANGE, r.id(), Optional.of(c.time()), 0.5 * typeWeight, line));
    List<ResourceFacts> affected = new ArrayList<>();
    ResourceFacts own = incident.facts.get(r.id());
    if (own != null
        && own.failing()
        && !own.onset().orElseThrow().isBefore(c.time())
        && !explained.contains(own)) {
      affected.add(own);
    }
    affected.addAll(explained);
    affected.sort(
        Comparator.comparing((ResourceFacts f) -> f.onset().orElseThrow())
            .thenComparing(ResourceFacts::id));
    Instant firstAffected = affected.get(0).onset().orElseThrow();
    evidence.add(
        new Evidence(
            Evidence.Kind.TIMING,
            r.id(),
            Optional.of(c.time()),
            typeWeight * (decay - 0.5),
            subject
                + " came "
                + Texts.duration(Duration.between(c.time(), firstAffected))
                + " before the first sign of failure after it ("
                + affected.stream()
                    .map(f -> f.resource.name() + ": " + f.describedOnset().orElseThrow())
                    .collect(Collectors.joining("; "))
                + ")"));
    Set<String> loaded = loadedBy(c);
    Set<String> onPath = new HashSet<>(supportPath(incident, r.id(), c).orElse(List.of(r.id())));
    for (ResourceFacts f : affected) {
      // The changed resource's own symptoms, when they came from the dependency its change broke,
      // are explained by that failure: they are reported but add nothing.
      boolean passedOn = !explained.contains(f);
      boolean timing = !passedOn && !notItsOwn(incident, f, onPath);
      symptomEvidence(
          f, passedOn ? 0 : 1.0, timing ? 1.0 : 0, stillClimbing(incident, f), evidence);
      signatureEvidence(f, passedOn ? 0 : SIGNATURE_WEIGHT, evidence);
      if (!passedOn) {
        recoveredEvidence(incident, f, evidence);
      }
      if (loaded.contains(f.id()) && !f.saturation().isEmpty()) {
        evidence.add(
            new Evidence(
                Evidence.Kind.SATURATION,
                f.id(),
                Optional.of(f.saturation().get(0).onset()),
                SATURATION_WEIGHT * decay,
                f.resource.name()
                    + " was left carrying more load by the change and saturated after it: "
                    + Texts.anomaly(f.saturation().get(0))
                    + Texts.reach(f.saturation().get(0))));
      }
    }
    for (ResourceFacts f : explained) {
      propagationEvidence(incident, f, evidence);
      if (f.id().equals(r.id())) {
        continue;
      }
      if (!incident.changes.containsKey(f.id())) {
        evidence.add(
            new Evidence(
                Evidence.Kind.CHANGE,
                f.id(),
                Optional.empty(),
                NO_OWN_CHANGE_WEIGHT,
                f.resource.name()
                    + " had no change of its own in the "
                    + Texts.duration(lookback)
                    + " before the onset"));
      }
      healthyPeers(incident, f, r.id())
          .ifPresent(
              peers ->
                  evidence.add(
                      new Evidence(
                          Evidence.Kind.DEPENDENCY_PATH,
                          f.id(),
                          Optional.empty(),
                          PEER_WEIGHT,
                          alsoQuiet(String.join(", ", peers), peers.size(), f.resource.name())
                              + ", so "
                              + f.resource.name()
                              + " fails only under "
                              + r.name()
                              + "'s load")));
      evidence.add(
          new Evidence(
              Evidence.Kind.DEPENDENCY_PATH,
              r.id(),
              Optional.empty(),
              0,
              "Dependency path: "
                  + Stream.concat(
                          supportPath(incident, r.id(), c).stream(),
                          rejectingAfter(incident, r.id(), c).stream())
                      .filter(path -> path.get(path.size() - 1).equals(f.id()))
                      .findFirst()
                      .orElse(List.of(r.id(), f.id()))
                      .stream()
                      .map(incident::name)
                      .collect(Collectors.joining(" -> "))));
    }
    String anchor = explained.get(explained.size() - 1).id();
    String group = groupOf(incident, anchor);
    return new Hypothesis(
        r,
        Optional.of(c),
        evidence,
        changeSummary(subject, r, affected),
        changeRecommendation(c, r, affected),
        group,
        anchor);
  }

  /**
   * Returns whether {@code f}'s failure may not be its own: a dependency of it that did more than
   * spike failed before it (see {@link Propagation#failedBefore}), or a caller of it outside {@code
   * except} sent more load first (see {@link Propagation#loadedBy}). Its signals beginning together
   * and holding then tell nothing of a fault of its own: a resource overloaded by its callers, or
   * dragged down by a dependency, moves several series at once and stays out of line for as long as
   * the load or the dependency's failure lasts, just as a faulty one does. A dependency whose every
   * deviation passed within a minute (see {@link ResourceFacts#blip}) cannot have passed on a
   * failure that holds.
   */
  private boolean notItsOwn(Incident incident, ResourceFacts f, Set<String> except) {
    Propagation p = incident.propagation;
    return p.failedBefore(f.id()).stream().anyMatch(d -> !d.blip())
        || p.loadedBy(f.id()).stream().anyMatch(c -> !except.contains(c.id()))
        || surgePassedThrough(incident, f);
  }

  /**
   * Returns whether {@code f} is an entry point whose trouble began with more requests from its
   * users (see {@link #demandFromOutside}) that it passed on in proportion: every dependency it
   * calls received a rise of its own throughput (see {@link ResourceFacts#demandRise}) no earlier
   * than {@link Propagation#DEMAND_LAG} before the entry point's, of between half and twice the
   * entry point's relative rise. A surge from outside makes the entry point slower and busier along
   * with every tier below it, and nothing of it is at fault; a faulty gateway instead sends less
   * than it receives (it rejects, times out or retries), and its dependencies' throughput does not
   * follow its own. A dependency with no telemetry in the window tells nothing and is passed over;
   * at least one must show the rise.
   */
  private boolean surgePassedThrough(Incident incident, ResourceFacts f) {
    if (!isIngress(f.resource) || !demandFromOutside(incident, f.resource, f)) {
      return false;
    }
    Optional<Anomaly> own = strongestRise(f);
    if (own.isEmpty()) {
      return false;
    }
    double rise = relativeRise(own.get());
    Instant from = own.get().onset().minus(Propagation.DEMAND_LAG);
    int followed = 0;
    for (String d : Topology.dependencies(graph, f.id())) {
      ResourceFacts df = incident.facts.get(d);
      Optional<Anomaly> below = df == null ? Optional.empty() : strongestRise(df);
      if (below.isEmpty()) {
        if (df == null && !knownObserved(incident, d)) {
          continue;
        }
        return false;
      }
      double ratio = relativeRise(below.get()) / rise;
      if (below.get().onset().isBefore(from)
          || ratio < 1 / SURGE_PROPORTION
          || ratio > SURGE_PROPORTION) {
        return false;
      }
      followed++;
    }
    return followed > 0;
  }

  /** Returns the throughput rise of {@code f} that rose most, relative to its baseline. */
  private static Optional<Anomaly> strongestRise(ResourceFacts f) {
    return f.demandRise().stream().max(Comparator.comparingDouble(RootCauseRanker::relativeRise));
  }

  /** Returns how far the current value of {@code a} is above its baseline, as a fraction of it. */
  private static double relativeRise(Anomaly a) {
    return a.currentValue() / a.baselineValue() - 1;
  }

  /** Returns the resources a topology change left carrying more load; empty for other changes. */
  private static Set<String> loadedBy(ChangeEvent c) {
    String ids = c.attributes().get(TopologyErrorCorrelator.TOPOLOGY_LOADED_ATTRIBUTE);
    if (c.type() != ChangeEvent.ChangeType.TOPOLOGY || ids == null) {
      return Set.of();
    }
    Set<String> out = new HashSet<>();
    for (String id : ids.split(",")) {
      if (!id.isBlank()) {
        out.add(id.trim());
      }
    }
    return out;
  }

  /**
   * Returns the sentence that sums up a change hypothesis. An error signature is put down to the
   * change ("introduced a query that deadlocks on …") only on a direct dependency of the changed
   * resource; one further down is only said to have followed it, as a gateway issues no query of
   * its own to a database two hops below.
   */
  private String changeSummary(String subject, ResourceRef r, List<ResourceFacts> affected) {
    Set<String> direct = new HashSet<>(Topology.dependencies(graph, r.id()));
    for (ErrorSignature s : ErrorSignature.values()) {
      for (ResourceFacts f : affected) {
        if (f.id().equals(r.id()) || !f.signatures().contains(s) || !direct.contains(f.id())) {
          continue;
        }
        String where = f.resource.name() + tableSuffix(f, s);
        switch (s) {
          case DEADLOCK:
            return subject + " introduced a query that deadlocks on " + where;
          case TIMEOUT:
            return subject + " introduced calls that time out on " + where;
          case CONNECTION_POOL:
            return subject + " exhausts the connection pool of " + where;
          case OUT_OF_MEMORY:
            return subject + " drives " + where + " out of memory";
        }
      }
    }
    for (ErrorSignature s : ErrorSignature.values()) {
      for (ResourceFacts f : affected) {
        if (!f.id().equals(r.id()) && f.signatures().contains(s)) {
          return subject
              + " preceded "
              + signatureNoun(s)
              + " on "
              + f.resource.name()
              + tableSuffix(f, s)
              + ", which "
              + r.name()
              + " reaches only through other resources";
        }
      }
    }
    String names = affected.stream().map(f -> f.resource.name()).collect(Collectors.joining(", "));
    return subject + " preceded the failures of " + names;
  }

  /** Returns "a, b also depend on r and show nothing" (singular for one peer). */
  private static String alsoQuiet(String peers, int count, String dependency) {
    return peers
        + " also "
        + (count == 1 ? "depends" : "depend")
        + " on "
        + dependency
        + " and "
        + (count == 1 ? "shows" : "show")
        + " nothing";
  }

  private static String signatureNoun(ErrorSignature s) {
    switch (s) {
      case DEADLOCK:
        return "deadlocks";
      case TIMEOUT:
        return "timeouts";
      case CONNECTION_POOL:
        return "connection pool exhaustion";
      case OUT_OF_MEMORY:
        return "out-of-memory errors";
    }
    return s.name();
  }

  private String changeRecommendation(ChangeEvent c, ResourceRef r, List<ResourceFacts> affected) {
    String undo;
    if (c.type() == ChangeEvent.ChangeType.DEPLOYMENT) {
      undo =
          c.previousVersion()
              .map(p -> "Roll back " + r.name() + " to " + p)
              .orElse(
                  "Roll back "
                      + r.name()
                      + " to the version before "
                      + c.version().orElse("the deployment " + c.id()));
    } else if (c.type() == ChangeEvent.ChangeType.TOPOLOGY
        && c.attributes().containsKey(TopologyErrorCorrelator.TOPOLOGY_RESTORE_ATTRIBUTE)) {
      // Code-level advice (fix the new query) does not apply to a change of the wiring.
      return "Restore " + c.attributes().get(TopologyErrorCorrelator.TOPOLOGY_RESTORE_ATTRIBUTE);
    } else {
      undo = "Revert change " + c.id() + " on " + r.name();
    }
    for (ResourceFacts f : affected) {
      if (f.id().equals(r.id())) {
        continue;
      }
      if (f.signatures().contains(ErrorSignature.DEADLOCK)) {
        Set<String> tables = f.tables(ErrorSignature.DEADLOCK);
        String on = tables.isEmpty() ? "" : " on " + String.join(", ", tables);
        return undo
            + ", then fix the new query so that it takes its locks"
            + on
            + " in the same order as the other transactions (or shortens its transaction)"
            + " before redeploying";
      }
      if (f.signatures().contains(ErrorSignature.TIMEOUT)) {
        return undo
            + ", then make the new calls to "
            + f.resource.name()
            + " cheaper (an index, a smaller batch) before redeploying";
      }
      if (f.signatures().contains(ErrorSignature.CONNECTION_POOL)) {
        return undo
            + ", then make the new code release its connections to "
            + f.resource.name()
            + " promptly before redeploying";
      }
    }
    return undo + ", then compare its behaviour with the previous version before redeploying";
  }

  // ---- "R fails on its own" ----

  private Hypothesis ownHypothesis(Incident incident, ResourceRef r) {
    ResourceFacts f = incident.facts.get(r.id());
    Instant onset = f.onset().orElseThrow();
    List<Evidence> evidence = new ArrayList<>();
    symptomEvidence(
        f, 1.0, notItsOwn(incident, f, Set.of()) ? 0 : 1.0, stillClimbing(incident, f), evidence);
    signatureEvidence(f, evidence);
    recoveredEvidence(incident, f, evidence);
    List<Anomaly> saturation = f.saturation();
    if (!saturation.isEmpty()) {
      evidence.add(
          new Evidence(
              Evidence.Kind.SATURATION,
              r.id(),
              Optional.of(saturation.get(0).onset()),
              SATURATION_WEIGHT,
              r.name()
                  + " is saturated: "
                  + saturation.stream()
                      .map(a -> Texts.anomaly(a) + Texts.reach(a))
                      .collect(Collectors.joining("; "))));
    }
    f.usageLead()
        .ifPresent(
            a ->
                evidence.add(
                    new Evidence(
                        Evidence.Kind.TIMING,
                        r.id(),
                        Optional.of(a.onset()),
                        USAGE_LEAD_WEIGHT,
                        r.name()
                            + ": "
                            + a.metricName()
                            + " climbed minutes before its service degraded, as a resource"
                            + " running out of capacity does")));
    externalEvidence(incident, f).ifPresent(evidence::add);
    propagationEvidence(incident, f, evidence);
    upstreamChangePenalty(incident, r, onset).ifPresent(evidence::add);
    if (f.rejectsRequests()) {
      evidence.add(
          new Evidence(
              Evidence.Kind.ERROR,
              r.id(),
              Optional.empty(),
              REJECTED_PENALTY,
              "Most errors of "
                  + r.name()
                  + " turn requests away as malformed, which says what its callers began to send,"
                  + " not that "
                  + r.name()
                  + " fails"));
    }
    Optional.ofNullable(incident.sharedCause.get(r.id())).ifPresent(evidence::add);
    healthyPeers(incident, f, null)
        .ifPresent(
            peers ->
                evidence.add(
                    new Evidence(
                        Evidence.Kind.DEPENDENCY_PATH,
                        r.id(),
                        Optional.empty(),
                        -PEER_WEIGHT,
                        alsoQuiet(String.join(", ", peers), peers.size(), r.name())
                            + ", which a failure of "
                            + r.name()
                            + " itself would not spare")));
    return new Hypothesis(
        r,
        Optional.empty(),
        evidence,
        ownSummary(incident, f, saturation),
        ownRecommendation(incident, f, saturation),
        groupOf(incident, r.id()),
        r.id());
  }

  // ---- "a dependency that shows nothing fails" ----

  /**
   * Returns the hypotheses "a direct dependency that shows nothing itself fails": a dependency of
   * the topology that does not fail in the context, yet at least two of its callers whose failures
   * are their own and unexplained (no dependency of theirs failed first; they neither began with
   * nor send more demand, which makes them the likelier source; they are not saturated and had no
   * change of their own within {@link #OWN_CHANGE_WINDOW} before their onset; their errors name no
   * other dependency) began to fail within {@link #SHARED_ONSET_SPREAD} of each other, or the
   * errors of one of its failing callers name it (see {@link #relayedFrom}). Such a dependency
   * typically reports no telemetry at all. Its score is the mean weight of the failures that its
   * callers' evidence holds (each, counted without penalties, is what a failure of the dependency
   * would explain), plus {@link #REACH_WEIGHT} times log2 of the callers that fail together, plus
   * {@link #NAMED_WEIGHT} when their errors name it, less {@link #PEER_WEIGHT} for each of (up to
   * three of) its other callers that report telemetry and show nothing. A dependency whose score
   * does not exceed {@link #NULL_SCORE} is not proposed (too little points at it), nor is one whose
   * own dependencies fail (it relays their failure). Callers that fail together lose, on their own
   * "fails on its own" hypotheses, the same coincidence credit (see {@link Incident#sharedCause}):
   * so many independent failures starting together are unlikely, and the callers and the dependency
   * then share one probability mass (see {@link #mergeGroups}) instead of each caller being named
   * on its own. A dependency that its failing callers cannot connect to while it serves others (see
   * {@link Reachability#cutOffs}) needs only one such caller, gets no penalty for the callers it
   * still serves (they show where the fault is, not that there is none), and is described as a
   * fault of the network path between them.
   *
   * <p>A dependency that reported telemetry in the window ({@link IncidentContext#observed}, when
   * the context says which resources did) and shows nothing is not proposed: its silence is then
   * evidence of health, which the callers' coincidence does not outweigh. When the context does not
   * say, the dependency's silence is taken as missing data. Known shortcoming: only direct
   * dependencies are considered, and the callers' onsets are compared, not their kinds of failure;
   * a deployment that broke the dependency for every caller (deadlocks on a database without
   * telemetry) leaves the deployed caller explained by its change and the other callers each named
   * on their own.
   */
  private List<Hypothesis> silentDependencies(Incident incident) {
    Map<String, List<ResourceFacts>> byDependency = new java.util.TreeMap<>();
    for (String id : incident.scope) {
      ResourceFacts f = incident.facts.get(id);
      boolean own =
          incident.propagation.significant(id) || (incident.onPath(id) && incident.failing(id));
      // A caller whose trouble began with more demand of its own, or that sends more demand (a
      // batch job flooding the dependency), is the likelier source of what its co-callers suffer,
      // not another victim.
      // Nor is a caller whose failure its own evidence already explains: its usage climbing first
      // or saturated, a change of its own in the hours before, or errors that name another
      // dependency. Callers failing together for such reasons of their own are no sign of a
      // common cause, and a shared silent dependency would otherwise outrank each real one.
      if (f == null
          || !f.failing()
          || !own
          || f.demandFirst()
          || !incident.propagation.demand(id).isEmpty()
          || !incident.propagation.failedBefore(id).isEmpty()
          || f.usageLead().isPresent()
          || !f.saturation().isEmpty()
          || recentChange(incident, id)) {
        continue;
      }
      Optional<String> named = relayedFrom(f);
      for (Dependency d : graph.dependenciesOf(id)) {
        String to = d.toId();
        if (named.isPresent() && !named.get().equals(to)) {
          continue;
        }
        boolean faint =
            !to.equals(id)
                && !incident.propagation.significant(to)
                && graph.resource(to).isPresent();
        boolean unseen = faint && !incident.failing(to) && !reports(incident, to);
        if (unseen || (faint && named.isPresent())) {
          List<ResourceFacts> callers = byDependency.computeIfAbsent(to, k -> new ArrayList<>());
          if (!callers.contains(f)) {
            callers.add(f);
          }
        }
      }
    }
    List<Hypothesis> out = new ArrayList<>();
    Map<String, Evidence> shared = new java.util.HashMap<>();
    for (Map.Entry<String, List<ResourceFacts>> e : byDependency.entrySet()) {
      if (incident.downstream(e.getKey()).stream().anyMatch(incident::failing)) {
        // What it depends on fails: it relays that failure rather than being the root.
        continue;
      }
      silentHypothesis(incident, e.getKey(), e.getValue(), shared).ifPresent(out::add);
    }
    incident.sharedCause.putAll(shared);
    return out;
  }

  /** Returns whether {@code id} had a change within {@link #OWN_CHANGE_WINDOW} before its onset. */
  private static boolean recentChange(Incident incident, String id) {
    Instant onset = incident.onsetFor(id);
    return incident.changes.getOrDefault(id, List.of()).stream()
        .anyMatch(c -> !c.time().isBefore(onset.minus(OWN_CHANGE_WINDOW)));
  }

  private boolean knownObserved(Incident incident, String id) {
    return incident.context.observedResourceIds().isPresent() && incident.context.observed(id);
  }

  /**
   * Returns whether {@code id} is known to have reported telemetry: the context says so, or what it
   * showed was the load of callers that cannot reach it (see {@link Reachability#cutOffs}).
   */
  private boolean reports(Incident incident, String id) {
    return knownObserved(incident, id) || incident.cutOffs.containsKey(id);
  }

  private Optional<Hypothesis> silentHypothesis(
      Incident incident, String id, List<ResourceFacts> failing, Map<String, Evidence> shared) {
    ResourceRef r = graph.resource(id).orElseThrow();
    List<String> naming =
        failing.stream()
            .filter(f -> relayedFrom(f).filter(id::equals).isPresent())
            .map(f -> f.resource.name())
            .sorted()
            .toList();
    Reachability.CutOff cut = incident.cutOffs.get(id);
    boolean seen = incident.failing(id) || reports(incident, id);
    if (seen) {
      // Its own telemetry shows no clear failure: only callers that report one in their errors
      // speak against it, and one caller's errors could be that caller's misreading. A caller
      // that says it cannot connect while others are served misreads nothing: its one report of
      // the path is enough.
      if (naming.size() < (cut == null ? MIN_NAMING_CALLERS : 1)) {
        return Optional.empty();
      }
      failing = failing.stream().filter(f -> naming.contains(f.resource.name())).toList();
    }
    List<ResourceFacts> together = togetherOnset(failing);
    if (together.size() < 2 && naming.isEmpty()) {
      return Optional.empty();
    }
    List<ResourceFacts> callers = new ArrayList<>(together.size() < 2 ? List.of() : together);
    failing.stream()
        .filter(f -> naming.contains(f.resource.name()) && !callers.contains(f))
        .forEach(callers::add);
    callers.sort(Comparator.comparing(ResourceFacts::id));
    double base =
        callers.stream()
            .mapToDouble(
                f ->
                    ownHypothesis(incident, f.resource).evidence().stream()
                        .mapToDouble(Evidence::weight)
                        .filter(w -> w > 0)
                        .sum())
            .average()
            .orElse(0);
    long all = graph.dependantsOf(id).stream().map(Dependency::fromId).distinct().count();
    List<String> names = callers.stream().map(f -> f.resource.name()).toList();
    List<Evidence> evidence = new ArrayList<>();
    Map<String, Evidence> penalties = new java.util.HashMap<>();
    // Told which resources reported, and this one is not among them (else it was not proposed).
    boolean knownSilent = incident.context.observedResourceIds().isPresent();
    evidence.add(
        new Evidence(
            Evidence.Kind.DEPENDENCY_PATH,
            id,
            Optional.empty(),
            base,
            (names.size() == 1 ? "Its caller " : "Its callers ")
                + listed(names)
                + (names.size() == 1 ? " fails" : " fail")
                + " with no failing dependency of "
                + (names.size() == 1 ? "its" : "their")
                + " own, and "
                + r.name()
                + (cut != null
                    ? "'s own telemetry shows no fault"
                    : seen
                        ? " shows no clear failure in its own telemetry, which may not cover what"
                            + " fails"
                        : knownSilent
                            ? " reports no telemetry, so nothing rules out its own failure"
                            : " shows nothing in the window")));
    if (together.size() >= 2) {
      double coincidence = REACH_WEIGHT * Math.log(together.size()) / Math.log(2);
      Duration spread =
          Duration.between(
              together.get(0).robustOnset(), together.get(together.size() - 1).robustOnset());
      String text =
          together.size()
              + " of its "
              + all
              + " callers began to fail within "
              + Texts.duration(Duration.ofMinutes(Math.max(1, (spread.getSeconds() + 59) / 60)))
              + " of each other";
      evidence.add(
          new Evidence(
              Evidence.Kind.TIMING,
              id,
              Optional.of(together.get(0).robustOnset()),
              coincidence,
              text + ", which independent failures seldom do"));
      for (ResourceFacts f : together) {
        penalties.put(
            f.id(),
            new Evidence(
                Evidence.Kind.DEPENDENCY_PATH,
                f.id(),
                Optional.empty(),
                -coincidence,
                text.replace("its", r.name() + "'s")
                    + (cut != null
                        ? ": the lost connection to "
                            + r.name()
                            + " explains them together better than independent failures"
                        : ": a failure of "
                            + r.name()
                            + ", which shows nothing, explains them together better than"
                            + " independent failures")));
      }
    }
    if (!naming.isEmpty()) {
      evidence.add(
          new Evidence(
              Evidence.Kind.ERROR,
              id,
              Optional.empty(),
              NAMED_WEIGHT,
              "The errors of "
                  + String.join(", ", naming)
                  + (cut == null ? " name it" : cannotConnect(naming.size(), cut))));
    }
    cacheFailedFirst(incident, id, callers).ifPresent(evidence::add);
    List<String> peers =
        Topology.dependants(graph, id).stream()
            .filter(x -> !incident.failing(x) && knownObserved(incident, x))
            .map(incident::name)
            .sorted()
            .toList();
    if (cut != null) {
      servedEvidence(incident, cut, evidence);
    } else if (!peers.isEmpty()) {
      evidence.add(
          new Evidence(
              Evidence.Kind.DEPENDENCY_PATH,
              id,
              Optional.empty(),
              -PEER_WEIGHT * Math.min(3, peers.size()),
              alsoQuiet(listed(peers), peers.size(), r.name())));
    }
    if (evidence.stream().mapToDouble(Evidence::weight).sum() <= NULL_SCORE) {
      // Weaker than "nothing here is a root": too little points at it to name it, or to take
      // from its callers the credit of failing on their own.
      return Optional.empty();
    }
    shared.putAll(penalties);
    incident.silentCallers.put(id, callers.stream().map(ResourceFacts::id).toList());
    if (cut != null) {
      return Optional.of(
          new Hypothesis(
              r,
              Optional.empty(),
              evidence,
              cutOffSummary(incident, r, naming, cut),
              cutOffRecommendation(incident, r, naming, cut),
              "s:" + id,
              id));
    }
    String summary =
        seen
            ? "The errors of "
                + listed(naming)
                + " name "
                + r.name()
                + ", whose own telemetry shows no clear failure"
            : together.size() >= 2
                ? r.name()
                    + ", which shows nothing itself, is the common dependency of "
                    + plural(callers.size(), "failing caller", "failing callers")
                    + " ("
                    + listed(names)
                    + ")"
                : "The errors of "
                    + String.join(", ", naming)
                    + " name "
                    + r.name()
                    + ", which shows nothing itself";
    String recommendation =
        "Check "
            + r.name()
            + " directly (its health, logs and provider status) and add telemetry to "
            + r.name()
            + ": its callers' failures point at it, but it reports nothing";
    return Optional.of(
        new Hypothesis(r, Optional.empty(), evidence, summary, recommendation, "s:" + id, id));
  }

  /** Returns how the errors of {@code count} callers say they cannot connect, with an example. */
  private static String cannotConnect(int count, Reachability.CutOff cut) {
    return (count == 1 ? " say it cannot" : " say they cannot")
        + " connect to it ("
        + cut.example().exceptionType()
        + ": "
        + MASKER.maskLine(cut.example().message())
        + ")";
  }

  /**
   * Adds what shows that the dependency of {@code cut} still serves its other callers, and what its
   * fallen series say: no weight either way, as they tell where the fault is, not how likely the
   * incident has a root here.
   */
  private void servedEvidence(Incident incident, Reachability.CutOff cut, List<Evidence> evidence) {
    String name = incident.name(cut.dependency());
    List<String> served = cut.served().stream().map(incident::name).toList();
    evidence.add(
        new Evidence(
            Evidence.Kind.DEPENDENCY_PATH,
            cut.dependency(),
            Optional.empty(),
            0,
            alsoQuiet(listed(served), served.size(), name)
                + ": "
                + name
                + " still serves "
                + (served.size() == 1 ? "it" : "them")
                + ", as it would not if it failed itself"));
    for (Anomaly a : cut.lostLoad()) {
      evidence.add(
          new Evidence(
              Evidence.Kind.ANOMALY,
              cut.dependency(),
              Optional.of(a.onset()),
              0,
              name
                  + ": "
                  + Texts.anomaly(a)
                  + ", the load of the callers that cannot reach it, not a fault of its own"));
    }
  }

  private String cutOffSummary(
      Incident incident, ResourceRef r, List<String> naming, Reachability.CutOff cut) {
    List<String> served = cut.served().stream().map(incident::name).toList();
    return listed(naming)
        + " cannot connect to "
        + r.name()
        + ", which shows no fault of its own and still serves "
        + listed(served)
        + ": the network path between them fails, not "
        + r.name()
        + " itself";
  }

  private String cutOffRecommendation(
      Incident incident, ResourceRef r, List<String> naming, Reachability.CutOff cut) {
    String callers = listed(naming);
    List<String> served = cut.served().stream().map(incident::name).toList();
    return "Check the network path from "
        + callers
        + " to "
        + r.name()
        + ": security groups and firewall rules, routes, the DNS resolution of "
        + r.name()
        + " from "
        + callers
        + ", and the zone or subnet they run in that "
        + listed(served)
        + (served.size() == 1 ? " does" : " do")
        + " not share. "
        + r.name()
        + " itself shows no fault, so scaling it up or rolling it back will not help";
  }

  /**
   * Returns {@link #INHERITED_PENALTY} for the silent dependency {@code id} when a cache that one
   * of its callers also reads (see {@link #isCache}) began to fail, with no failing dependency of
   * its own, before the first of {@code callers} did: a service reads through its cache to the
   * store behind it, so a failing cache sends every miss on to that store, which then slows for all
   * its callers. The store's trouble is then inherited from the cache, whatever its silence hides.
   * A cache that only spiked (see {@link ResourceFacts#blip}) or logged a few errors and nothing
   * else (see {@link ResourceFacts#fewErrorsOnly}) sends too few misses to slow the store.
   */
  private Optional<Evidence> cacheFailedFirst(
      Incident incident, String id, List<ResourceFacts> callers) {
    Propagation p = incident.propagation;
    Instant first =
        callers.stream()
            .map(ResourceFacts::robustOnset)
            .min(Comparator.naturalOrder())
            .orElse(Instant.MAX);
    String cache = null;
    String reader = null;
    for (Dependency up : graph.dependantsOf(id)) {
      for (Dependency side : graph.dependenciesOf(up.fromId())) {
        String c = side.toId();
        if (c.equals(id)
            || !p.significant(c)
            || !p.onset(c).isBefore(first)
            || !p.failedBefore(c).isEmpty()
            || !isCache(side)
            || faint(incident.facts.get(c))
            || (cache != null && !p.onset(c).isBefore(p.onset(cache)))) {
          continue;
        }
        cache = c;
        reader = up.fromId();
      }
    }
    if (cache == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Evidence(
            Evidence.Kind.DEPENDENCY_PATH,
            id,
            Optional.of(p.onset(cache)),
            INHERITED_PENALTY,
            incident.name(cache)
                + ", a cache that "
                + incident.name(reader)
                + " reads besides "
                + incident.name(id)
                + ", failed first (at "
                + Texts.time(p.onset(cache))
                + "): the misses it lets through land on "
                + incident.name(id)));
  }

  /** Returns whether the dependency {@code d} leads to a cache, by its category or its type. */
  private boolean isCache(Dependency d) {
    if (d.category().toLowerCase(Locale.ROOT).contains("cache")) {
      return true;
    }
    String type = graph.resource(d.toId()).map(ResourceRef::type).orElse("");
    return typeSays(type, "cache", "redis", "memcache");
  }

  /**
   * Returns the largest set of {@code callers} whose failures began within {@link
   * #SHARED_ONSET_SPREAD} of each other, by onset; the earliest such set on a tie.
   */
  private static List<ResourceFacts> togetherOnset(List<ResourceFacts> callers) {
    List<ResourceFacts> sorted = new ArrayList<>(callers);
    sorted.sort(Comparator.comparing(ResourceFacts::robustOnset).thenComparing(ResourceFacts::id));
    int bestFrom = 0;
    int bestTo = sorted.isEmpty() ? 0 : 1;
    int from = 0;
    for (int to = 1; to <= sorted.size(); to++) {
      Instant last = sorted.get(to - 1).robustOnset();
      while (Duration.between(sorted.get(from).robustOnset(), last).compareTo(SHARED_ONSET_SPREAD)
          > 0) {
        from++;
      }
      if (to - from > bestTo - bestFrom) {
        bestFrom = from;
        bestTo = to;
      }
    }
    return List.copyOf(sorted.subList(bestFrom, bestTo));
  }

  /**
   * Returns {@code hypotheses} with the blips of each group weighed as one alternative. A resource
   * that only spiked (see {@link ResourceFacts#blip}) is a faint hypothesis on its own, but a busy
   * estate blips in hundreds of places in any half hour, and each of those competing with the
   * leader as a separate root would let the estate's background noise, summed, outweigh a fault
   * that holds. At most one of the {@code k} blips of a group can be its root, so each gets a
   * {@code 1/k} share of that prior: a log-odds debit of {@code ln k}, written as evidence. Only
   * blips that inherit nothing count (see {@link #inheritedFrom}): the callers that spike after a
   * dependency's short failover are its victims, not other noise. A change on a blipping resource
   * is an event of its own and is not counted among them.
   */
  private static List<Hypothesis> backgroundBlips(Incident incident, List<Hypothesis> hypotheses) {
    Map<String, Integer> blips = new java.util.HashMap<>();
    for (Hypothesis h : hypotheses) {
      if (isBlip(incident, h)) {
        blips.merge(h.group(), 1, Integer::sum);
      }
    }
    if (blips.values().stream().allMatch(k -> k < 2)) {
      return hypotheses;
    }
    List<Hypothesis> out = new ArrayList<>(hypotheses.size());
    for (Hypothesis h : hypotheses) {
      int k = blips.getOrDefault(h.group(), 0);
      if (k < 2 || !isBlip(incident, h)) {
        out.add(h);
        continue;
      }
      List<Evidence> evidence = new ArrayList<>(h.evidence());
      evidence.add(
          new Evidence(
              Evidence.Kind.TIMING,
              h.resource().id(),
              Optional.empty(),
              -Math.log(k),
              h.resource().name()
                  + ": one of "
                  + k
                  + " resources that only spiked among these failures, the estate's background"));
      out.add(
          new Hypothesis(
              h.resource(),
              h.change(),
              evidence,
              h.summary(),
              h.recommendation(),
              h.group(),
              h.anchor()));
    }
    return out;
  }

  private static boolean isBlip(Incident incident, Hypothesis h) {
    String id = h.resource().id();
    if (h.change().isPresent() || incident.silentCallers.containsKey(id)) {
      return false;
    }
    ResourceFacts f = incident.facts.get(id);
    return f != null
        && f.blip()
        && (!incident.propagation.significant(id) || inheritedFrom(incident, id).isEmpty());
  }

  /**
   * Returns {@code hypotheses} with the groups of a silent dependency's callers and its own
   * hypothesis joined into one, so that they compete for one probability mass.
   */
  private static List<Hypothesis> mergeGroups(Incident incident, List<Hypothesis> hypotheses) {
    if (incident.silentCallers.isEmpty()) {
      return hypotheses;
    }
    Map<String, String> parent = new java.util.HashMap<>();
    java.util.function.UnaryOperator<String> find =
        g -> {
          String x = g;
          while (parent.containsKey(x)) {
            x = parent.get(x);
          }
          return x;
        };
    for (Map.Entry<String, List<String>> e : incident.silentCallers.entrySet()) {
      String root = find.apply("s:" + e.getKey());
      for (String caller : e.getValue()) {
        String other = find.apply(groupOf(incident, caller));
        if (!other.equals(root)) {
          parent.put(other, root);
        }
      }
    }
    return hypotheses.stream()
        .map(
            h ->
                new Hypothesis(
                    h.resource(),
                    h.change(),
                    h.evidence(),
                    h.summary(),
                    h.recommendation(),
                    find.apply(h.group()),
                    h.anchor()))
        .toList();
  }

  /**
   * Returns the evidence that {@code f} is an external dependency (outside the owner's control)
   * that fails: its HTTP statuses and timeouts, and the callers on the path that wait on it.
   */
  private Optional<Evidence> externalEvidence(Incident incident, ResourceFacts f) {
    if (!isExternal(f.resource)) {
      return Optional.empty();
    }
    List<String> callers = externalCallers(incident, f.id());
    String failure = externalFailure(f);
    return Optional.of(
        new Evidence(
            Evidence.Kind.EXTERNAL_STATUS,
            f.id(),
            f.onset(),
            EXTERNAL_WEIGHT,
            f.resource.name()
                + " is an external dependency"
                + (failure.isEmpty() ? " and fails" : " answering with " + failure)
                + (callers.isEmpty() ? "" : "; " + String.join(", ", callers) + " waits on it")));
  }

  /** Returns the resources on the path that call the external {@code id}, by name. */
  private List<String> externalCallers(Incident incident, String id) {
    return graph.dependantsOf(id).stream()
        .map(Dependency::fromId)
        .filter(x -> incident.onPath(x) || incident.propagation.significant(x))
        .distinct()
        .map(incident::name)
        .sorted()
        .toList();
  }

  /** Returns, for example, "HTTP 503 and timeouts", from the errors' statuses and signatures. */
  private static String externalFailure(ResourceFacts f) {
    Set<String> statuses = new java.util.TreeSet<>();
    for (ErrorEvent e : f.errors) {
      String status = null;
      for (String key : STATUS_KEYS) {
        status = status == null ? e.attributes().get(key) : status;
      }
      if (status == null) {
        java.util.regex.Matcher m = STATUS_IN_MESSAGE.matcher(e.message());
        status = m.find() ? m.group(1) : null;
      }
      if (status != null && !status.isBlank()) {
        statuses.add(status.trim());
      }
    }
    List<String> parts = new ArrayList<>();
    if (!statuses.isEmpty()) {
      parts.add("HTTP " + String.join("/", statuses));
    }
    if (f.signatures().contains(ErrorSignature.TIMEOUT)) {
      parts.add("timeouts");
    }
    return String.join(" and ", parts);
  }

  /**
   * Returns whether {@code r} is outside the owner's control: its type or its {@code external}
   * attribute says so, or an edge of category {@code external} leads to it.
   */
  private boolean isExternal(ResourceRef r) {
    if (r.type().toLowerCase(Locale.ROOT).contains("external")
        || "true".equalsIgnoreCase(r.attribute("external"))) {
      return true;
    }
    return graph.dependantsOf(r.id()).stream()
        .map(Dependency::category)
        .anyMatch(c -> c.equalsIgnoreCase("external"));
  }

  /**
   * Adds what the order of onsets along the edges says about {@code f}: whether a dependency of it
   * failed before it did (its symptoms may be inherited) or none did, whether it shows the first
   * onset of its group of touching failures, and how many of those failures a fault starting at it
   * could have reached in time order.
   */
  private void propagationEvidence(Incident incident, ResourceFacts f, List<Evidence> evidence) {
    Propagation p = incident.propagation;
    ResourceRef r = f.resource;
    if (!p.significant(f.id())) {
      return;
    }
    // Where a failure sits says how it spread, not that it happened: a faint blip that happens to
    // come first among its neighbours must not outweigh a clear fault, so the credit for position
    // grows with the resource's own evidence.
    double clear = Math.min(1, f.strength() / CLEAR_STRENGTH);
    List<String> reporters = reportedBy(incident, f);
    if (!reporters.isEmpty()) {
      // Callers that report this resource's failure in their own errors confirm it, however faint
      // (or missing) its own telemetry: its place among the failures counts in full.
      clear = 1;
      evidence.add(
          new Evidence(
              Evidence.Kind.ERROR,
              r.id(),
              Optional.empty(),
              REPORTED_WEIGHT,
              "The errors of "
                  + String.join(", ", reporters)
                  + " report a failure of "
                  + r.name()
                  + " itself"));
    }
    List<ResourceFacts> before = inheritedFrom(incident, f.id());
    List<ResourceFacts> loaders = p.loadedBy(f.id());
    Optional<String> relayed = relayedFrom(f);
    if (before.isEmpty() && !loaders.isEmpty()) {
      ResourceFacts c = loaders.get(0);
      Anomaly demand = p.demand(c.id()).get(0);
      evidence.add(
          new Evidence(
              Evidence.Kind.DEPENDENCY_PATH,
              r.id(),
              Optional.of(demand.onset()),
              INHERITED_PENALTY,
              "Its caller "
                  + c.resource.name()
                  + " sent more load first ("
                  + Texts.anomaly(demand)
                  + "), so its failure may come from that load"));
    } else if (before.isEmpty() && isIngress(r) && f.onlyLoad()) {
      evidence.add(
          new Evidence(
              Evidence.Kind.DEPENDENCY_PATH,
              r.id(),
              Optional.empty(),
              INHERITED_PENALTY,
              r.name()
                  + " is an entry point that only received more traffic: demand from its users"
                  + " is not a fault of its own"));
    } else if (before.isEmpty() && demandFromOutside(incident, r, f)) {
      evidence.add(
          new Evidence(
              Evidence.Kind.DEPENDENCY_PATH,
              r.id(),
              Optional.empty(),
              INHERITED_PENALTY,
              "More demand arrived at "
                  + r.name()
                  + " before anything else went wrong, and "
                  + (isIngress(r) ? "its users" : "its callers")
                  + " send that demand"
                  + (surgePassedThrough(incident, f)
                      ? "; every resource it calls received more in proportion"
                      : "")));
    } else if (before.isEmpty() && relayed.isPresent()) {
      boolean cut =
          Optional.ofNullable(incident.cutOffs.get(relayed.get()))
              .filter(c -> c.callers().contains(f.id()))
              .isPresent();
      evidence.add(
          new Evidence(
              Evidence.Kind.DEPENDENCY_PATH,
              r.id(),
              Optional.empty(),
              INHERITED_PENALTY,
              "Most of "
                  + r.name()
                  + "'s errors "
                  + (cut ? "say it cannot connect to" : "name")
                  + " its dependency "
                  + incident.name(relayed.get())
                  + (cut
                      ? ": the path to it fails, not " + r.name() + " itself"
                      : ", whose failure they pass on, though its telemetry shows it later or not"
                          + " at all")));
    } else if (before.isEmpty()) {
      evidence.add(
          new Evidence(
              Evidence.Kind.DEPENDENCY_PATH,
              r.id(),
              Optional.empty(),
              DEEPEST_WEIGHT * clear,
              "None of "
                  + r.name()
                  + "'s dependencies failed before it: its failure is not inherited"));
    } else {
      ResourceFacts d = before.get(0);
      evidence.add(
          new Evidence(
              Evidence.Kind.DEPENDENCY_PATH,
              r.id(),
              Optional.of(d.robustOnset()),
              INHERITED_PENALTY,
              "Its dependency "
                  + d.resource.name()
                  + " failed first (at "
                  + Texts.time(d.robustOnset())
                  + "), so its symptoms may be inherited"));
    }
    if (p.firstInGroup(f.id())) {
      evidence.add(
          new Evidence(
              Evidence.Kind.TIMING,
              r.id(),
              Optional.of(p.onset(f.id())),
              FIRST_ONSET_WEIGHT * clear,
              r.name()
                  + " shows the first onset of the "
                  + p.groupSize(f.id())
                  + " failing resources connected to it"));
    }
    // A failure passed on from below (or from a caller's load) spreads from where it began; only
    // a resource whose failure is its own is credited with what its failure explains.
    boolean own =
        before.isEmpty()
            && loaders.isEmpty()
            && relayed.isEmpty()
            && !(isIngress(r) && f.onlyLoad())
            && !demandFromOutside(incident, r, f);
    int reached =
        own ? Math.min(Propagation.MAX_REACHED, explainedFailures(incident, f.id()).size() - 1) : 0;
    List<Anomaly> sent = p.demand(f.id());
    boolean sendsDemand =
        reached > 0
            && (f.demandFirst() || (f.demandRise().isEmpty() && !sent.isEmpty()))
            && makesOwnDemand(incident, r);
    if (sendsDemand) {
      evidence.add(
          new Evidence(
              Evidence.Kind.DEPENDENCY_PATH,
              r.id(),
              Optional.of(sent.isEmpty() ? p.onset(f.id()) : sent.get(0).onset()),
              DEMAND_SOURCE_WEIGHT,
              r.name()
                  + " makes its own demand ("
                  + (graph.dependantsOf(r.id()).isEmpty()
                      ? "nothing calls it"
                      : isJob(r) ? "it is a job; its work is its own" : "its callers show nothing")
                  + "), which rose before the failures it reaches through its dependencies"));
    }
    if (reached > 0) {
      evidence.add(
          new Evidence(
              Evidence.Kind.DEPENDENCY_PATH,
              r.id(),
              Optional.empty(),
              (sendsDemand ? 1 : clear) * REACH_WEIGHT * Math.log(1 + reached) / Math.log(2),
              "A failure of "
                  + r.name()
                  + " explains "
                  + (reached >= Propagation.MAX_REACHED ? "at least " : "")
                  + plural(reached, "failing resource", "failing resources")
                  + (reporters.isEmpty()
                      ? " that began later along its edges"
                      : " along its edges that began later or report its failure")));
    }
  }

  /**
   * Returns the names of the failing resources that depend on {@code f} and whose errors report a
   * failure of {@code f} itself: most of their errors name it (see {@link #relayedFrom}), or at
   * least {@value Reachability#MIN_RELAYED_ERRORS} of them are deadlocks or a SQL client's timeouts
   * while {@code f} is the only database they depend on (such an error seldom names the server, but
   * only the database can cause it). Such reports come from the callers' own logs, so they hold
   * even when {@code f}'s telemetry is faint or missing.
   */
  private List<String> reportedBy(Incident incident, ResourceFacts f) {
    return reporters(incident, f).stream().map(incident::name).distinct().sorted().toList();
  }

  /** Returns the ids of the callers {@link #reportedBy} names, by id. */
  private List<String> reporters(Incident incident, ResourceFacts f) {
    List<String> reporters = new ArrayList<>();
    for (Dependency d : graph.dependantsOf(f.id())) {
      ResourceFacts caller = incident.facts.get(d.fromId());
      if (caller == null || !caller.failing()) {
        continue;
      }
      boolean named = relayedFrom(caller).filter(f.id()::equals).isPresent();
      if (named || databaseErrorsOn(incident, caller, f)) {
        reporters.add(caller.id());
      }
    }
    return reporters.stream().distinct().sorted().toList();
  }

  /**
   * Returns what a failure of the significant resource {@code id} explains: what it could have
   * reached in time order (see {@link Propagation#reachedSet}), and the callers whose errors report
   * its failure (see {@link #reportedBy}) with what they could reach in turn. A caller that times
   * out on a database by name passes on that database's failure even when its own symptoms show a
   * sample or two before the database's faint telemetry does.
   */
  private Set<String> explainedFailures(Incident incident, String id) {
    Propagation p = incident.propagation;
    ResourceFacts f = incident.facts.get(id);
    if (f == null || !p.significant(id)) {
      return p.reachedSet(id);
    }
    Set<String> out = new java.util.TreeSet<>(p.reachedSet(id));
    for (String caller : reporters(incident, f)) {
      if (p.significant(caller)) {
        out.addAll(p.reachedSet(caller));
      }
    }
    return out;
  }

  /**
   * Returns whether {@code caller} logged at least {@value Reachability#MIN_RELAYED_ERRORS} errors
   * that only its database can cause and {@code f} is the only database it depends on: deadlocks,
   * or a SQL client's query timeouts (see {@link #SQL_TIMEOUT}) while no other dependency of the
   * caller that does not itself depend on {@code f} had begun to slow down or fail (see {@link
   * #slowBy}) by the time the tenth of them was logged: a warehouse or search engine the topology
   * does not type as a database times out queries too, while a dependency that fails after them, or
   * through {@code f}, is another victim. Known shortcoming: a dependency that fails because the
   * caller stalled, in the same minute as the timeouts (a queue whose publish latency rises), still
   * takes them from the database.
   */
  private boolean databaseErrorsOn(Incident incident, ResourceFacts caller, ResourceFacts f) {
    if (!isDatabase(f.resource)) {
      return false;
    }
    List<String> dependencies =
        graph.dependenciesOf(caller.id()).stream().map(Dependency::toId).distinct().toList();
    if (dependencies.stream()
            .filter(id -> graph.resource(id).map(this::isDatabase).orElse(false))
            .count()
        != 1) {
      return false;
    }
    List<ErrorEvent> deadlocks = new ArrayList<>();
    List<ErrorEvent> timeouts = new ArrayList<>();
    for (ErrorEvent e : caller.errors) {
      Set<ErrorSignature> s = ErrorSignature.of(e);
      if (s.contains(ErrorSignature.DEADLOCK)) {
        deadlocks.add(e);
      } else if (!s.contains(ErrorSignature.CONNECTION_POOL)
          && SQL_TIMEOUT.matcher(Texts.errorText(e)).find()) {
        timeouts.add(e);
      }
    }
    // When the timeouts began in earnest: a stray one long before does not move it.
    Instant inEarnest = null;
    long seen = 0;
    for (ErrorEvent e : timeouts.stream().sorted(ResourceFacts.ERROR_ORDER).toList()) {
      seen = ResourceFacts.saturatedSum(seen, e.count());
      if (seen >= Reachability.MIN_RELAYED_ERRORS) {
        inEarnest = e.timestamp();
        break;
      }
    }
    Instant by = inEarnest;
    Propagation p = incident.propagation;
    boolean othersFailFirst =
        by != null
            && dependencies.stream()
                .filter(id -> !id.equals(f.id()) && p.significant(id))
                .filter(
                    id -> graph.dependenciesOf(id).stream().noneMatch(x -> x.toId().equals(f.id())))
                .anyMatch(id -> slowBy(incident.facts.get(id), by));
    long reports =
        ResourceFacts.saturatedSum(
            ResourceFacts.totalCount(deadlocks),
            othersFailFirst ? 0 : ResourceFacts.totalCount(timeouts));
    return reports >= Reachability.MIN_RELAYED_ERRORS;
  }

  /**
   * Returns whether {@code f} began by {@code t} to fail in a way that times out its callers'
   * queries: a clear deviation that held (see {@link ResourceFacts#held}) of a series that is
   * neither a throughput nor a usage (its latency, query time or errors). A usage that grows (a
   * cache's memory) or a throughput that moves times nothing out.
   */
  private static boolean slowBy(ResourceFacts f, Instant t) {
    return f.anomalies.stream()
        .anyMatch(
            a ->
                ResourceFacts.weight(a) >= ResourceFacts.SIGNIFICANT
                    && ResourceFacts.held(a)
                    && !ResourceFacts.isDemandMetric(a.metricName())
                    && !ResourceFacts.isSaturationMetric(a.metricName())
                    && !a.onset().isAfter(t));
  }

  /**
   * Returns the direct dependency of {@code f} that most of its errors name (see {@link
   * Reachability#relayedFrom}): such errors report the dependency's failure, passed on, even when
   * the dependency's own telemetry is missing or its failure shows later than its caller's.
   */
  private Optional<String> relayedFrom(ResourceFacts f) {
    return Reachability.relayedFrom(graph, f);
  }

  /**
   * Returns whether the first sign of trouble on {@code r} is more demand that others send it: its
   * callers, or its users when it is an entry point. A resource that makes its own demand (see
   * {@link #makesOwnDemand}) does not get it from others.
   */
  private boolean demandFromOutside(Incident incident, ResourceRef r, ResourceFacts f) {
    return f.demandFirst() && (isIngress(r) || !makesOwnDemand(incident, r));
  }

  /**
   * Returns whether the demand arriving at {@code r}, not an entry point, is its own: nothing calls
   * it, it is a batch or scheduled job (see {@link #isJob}), or every resource that calls it
   * reported telemetry in the window and shows nothing. A job's work is its own whatever starts it:
   * a service that triggers a batch run does not send the run's queries. A caller sending several
   * times the requests it used to would show it, in its own throughput or in the latency of the
   * calls it waits on; callers all quiet leave the resource's own schedule or backlog as the
   * source.
   */
  private boolean makesOwnDemand(Incident incident, ResourceRef r) {
    if (isIngress(r)) {
      return false;
    }
    if (isJob(r)) {
      return true;
    }
    for (Dependency d : graph.dependantsOf(r.id())) {
      if (incident.failing(d.fromId()) || !knownObserved(incident, d.fromId())) {
        return false;
      }
    }
    return true;
  }

  /** Returns whether {@code f} is absent, only spiked, or only logged a few errors. */
  private static boolean faint(ResourceFacts f) {
    return f == null || f.blip() || f.fewErrorsOnly();
  }

  /** Returns whether {@code r} is a batch or scheduled job, by its type. */
  static boolean isJob(ResourceRef r) {
    return typeSays(r.type(), "batch", "job", "cron");
  }

  /**
   * Weakens R when a resource above R changed before R failed and that change explains R's failure
   * (see {@link #supportPath}); a change that explains nothing weakens nothing.
   */
  private Optional<Evidence> upstreamChangePenalty(
      Incident incident, ResourceRef r, Instant onset) {
    // R's own change explains its failure better than an older change above it; only a change
    // above it that came after R's own latest one weakens R.
    Instant ownLatest =
        incident.changes.getOrDefault(r.id(), List.of()).stream()
            .map(ChangeEvent::time)
            .max(Comparator.naturalOrder())
            .orElse(null);
    ChangeEvent strongest = null;
    String owner = null;
    double strongestDecay = 0;
    for (Map.Entry<String, List<ChangeEvent>> e : incident.changes.entrySet()) {
      if (e.getKey().equals(r.id())) {
        continue;
      }
      for (ChangeEvent c : e.getValue()) {
        double d = decay(Duration.between(c.time(), onset));
        if (!c.time().isAfter(onset)
            && explainedBy(incident, e.getKey(), c).stream().anyMatch(x -> x.id().equals(r.id()))
            && (ownLatest == null || c.time().isAfter(ownLatest))
            && d > strongestDecay) {
          strongest = c;
          owner = e.getKey();
          strongestDecay = d;
        }
      }
    }
    if (strongest == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Evidence(
            Evidence.Kind.CHANGE,
            r.id(),
            Optional.of(strongest.time()),
            -strongestDecay * typeWeight(strongest.type()) * 0.5,
            r.name()
                + (ownLatest == null
                    ? " had no change of its own, but "
                    : "'s own last change is older, and ")
                + Texts.changeSubject(strongest, incident.name(owner)).toLowerCase(Locale.ROOT)
                + " came "
                + Texts.duration(Duration.between(strongest.time(), onset))
                + " before its failure"));
  }

  private String ownSummary(Incident incident, ResourceFacts f, List<Anomaly> saturation) {
    String name = f.resource.name();
    String unchanged = incident.changes.containsKey(f.id()) ? "" : " with no recent change";
    if (isExternal(f.resource)) {
      String failure = externalFailure(f);
      List<String> callers = externalCallers(incident, f.id());
      return "The external dependency "
          + name
          + " is failing"
          + (failure.isEmpty() ? "" : " (" + failure + ")")
          + (callers.isEmpty() ? "" : " and " + String.join(", ", callers) + " waits on it");
    }
    if (!saturation.isEmpty()) {
      return name
          + " is saturated ("
          + saturation.get(0).metricName()
          + " at "
          + Texts.number(saturation.get(0).currentValue())
          + " against a baseline of "
          + Texts.number(saturation.get(0).baselineValue())
          + ")"
          + unchanged;
    }
    Set<ErrorSignature> signatures = f.signatures();
    if (!signatures.isEmpty()) {
      ErrorSignature s = signatures.iterator().next();
      return name + " shows " + s.label() + " errors" + tableSuffix(f, s) + unchanged;
    }
    String what =
        f.anomalies.isEmpty()
            ? f.errorCount() + " errors"
            : Texts.anomaly(f.strongestAnomalies().get(0));
    return name + " is failing on its own (" + what + ")" + unchanged;
  }

  private String ownRecommendation(Incident incident, ResourceFacts f, List<Anomaly> saturation) {
    String name = f.resource.name();
    if (isExternal(f.resource)) {
      List<String> callers = externalCallers(incident, f.id());
      return "Add a circuit breaker and a cache in front of "
          + name
          + (callers.isEmpty() ? " in its callers" : " in " + String.join(" and ", callers));
    }
    boolean database = isDatabase(f.resource);
    if (!saturation.isEmpty()) {
      String metric = saturation.get(0).metricName().toLowerCase(Locale.ROOT);
      if (metric.contains("pool") || metric.contains("connection")) {
        return "Raise the connection limit of "
            + name
            + " or find the callers that hold connections too long";
      }
      if (metric.contains("storage") || metric.contains("disk")) {
        return "Add storage to " + name + " or free space, then find what fills it";
      }
      return database
          ? "Scale up the database "
              + name
              + " (a larger tier or more CPU/DTU) or shed load,"
              + " and tune its most expensive queries"
          : "Scale out "
              + name
              + " or reduce its load, and find what drives its "
              + saturation.get(0).metricName();
    }
    Set<ErrorSignature> signatures = f.signatures();
    if (signatures.contains(ErrorSignature.DEADLOCK)) {
      Set<String> tables = f.tables(ErrorSignature.DEADLOCK);
      return "Find the transactions that deadlock"
          + (tables.isEmpty() ? "" : " on " + String.join(", ", tables))
          + " in "
          + name
          + " and make them take locks in one order";
    }
    if (signatures.contains(ErrorSignature.TIMEOUT)
        || signatures.contains(ErrorSignature.CONNECTION_POOL)) {
      return database
          ? "Find the slow queries of the database "
              + name
              + " (missing indexes, long transactions) or scale it up"
          : "Find the slow operations of " + name + " or give it more capacity";
    }
    String start =
        f.anomalies.isEmpty() ? "its errors" : f.strongestAnomalies().get(0).metricName();
    return "Investigate " + name + ", starting with " + start;
  }

  // ---- shared evidence ----

  /**
   * Returns how {@code f}'s failure was still growing when the telemetry ended, if it was: a series
   * climbing (see {@link #seriesClimbing}) or its errors climbing (see {@link #errorsClimbing}). A
   * deviation that keeps growing until the end is a fault under way, however recently it began; a
   * noise episode falls back. Such a failure earns the full credit for holding (see {@link
   * #symptomEvidence}): only the window's end cut it short.
   */
  private static Optional<String> stillClimbing(Incident incident, ResourceFacts f) {
    if (seriesClimbing(incident, f)) {
      return Optional.of("was still climbing when the telemetry ended");
    }
    return errorsClimbing(incident, f)
        .map(
            counts ->
                "its errors were still climbing when the telemetry ended ("
                    + counts.last()
                    + " in its last minute, "
                    + counts.before()
                    + " in the minute before)");
  }

  /** The errors of a resource in the last minute of the telemetry and in the minute before. */
  private record ErrorClimb(long before, long last) {}

  /**
   * Returns whether a series of {@code f} that does more than spike is still climbing when the
   * telemetry ends: flagged until within {@link Propagation#DEMAND_LAG} of the incident's last
   * anomaly, having reached at least {@value #CLIMB_FACTOR} times its baseline and that many times
   * the value it was flagged at.
   */
  private static boolean seriesClimbing(Incident incident, ResourceFacts f) {
    Optional<Instant> end = incident.propagation.lastSeen();
    if (f.blip() || end.isEmpty()) {
      return false;
    }
    return f.strongestPerSeries().stream()
        .filter(a -> ResourceFacts.weight(a) >= ResourceFacts.SIGNIFICANT)
        .filter(a -> a.baselineValue() > 0 && a.currentValue() > a.baselineValue())
        .filter(a -> a.reached() >= CLIMB_FACTOR * a.baselineValue())
        .filter(a -> a.reached() >= CLIMB_FACTOR * a.currentValue())
        .anyMatch(
            a ->
                a.lastSeenAt()
                    .map(last -> !last.plus(Propagation.DEMAND_LAG).isBefore(end.get()))
                    .orElse(false));
  }

  /**
   * Returns the errors {@code f} logged in the minute up to the incident's last anomaly and in the
   * minute before that, when they show its errors still climbing as the telemetry ends: at least
   * {@value #MIN_CLIMBING_ERRORS} in the last minute, and at least {@value #CLIMB_FACTOR} times as
   * many as in the minute before, which held at least one. A resource running out of capacity turns
   * away more requests each minute until someone steps in, and its errors may be all it reports
   * when its CPU and latency series are missing; a burst of background errors does not keep
   * doubling. Errors that only began in the last minute say nothing of a trend, so they earn
   * nothing here. Errors logged after the last anomaly are not counted: the incident's signals had
   * stopped by then, and a steady rate logged on past them would otherwise pile into its last
   * minute and read as climbing. Known shortcoming: the two minutes are counted by the errors'
   * timestamps, so a platform that reports errors in batches of more than a minute can put a steady
   * rate's errors all in one of them.
   *
   * <p>Each minute is half-open, {@code (from, from + 1 min]}, and ends at the last anomaly: errors
   * reported on a one-minute grid that lands on the incident's end fall one per minute, where a
   * window closed at both ends would count the batch at its start and the one at its end in the
   * same minute, reading a steady rate as doubling. Counts are summed without wrapping (see {@link
   * ResourceFacts#saturatedSum}).
   */
  private static Optional<ErrorClimb> errorsClimbing(Incident incident, ResourceFacts f) {
    Optional<Instant> end = incident.propagation.lastSeen();
    if (f.blip() || end.isEmpty()) {
      return Optional.empty();
    }
    Instant lastFrom = end.get().minus(ERROR_CLIMB_SPAN);
    Instant beforeFrom = lastFrom.minus(ERROR_CLIMB_SPAN);
    long last = 0;
    long before = 0;
    for (ErrorEvent e : f.errors) {
      Instant t = e.timestamp();
      if (t.isAfter(end.get())) {
        continue;
      }
      if (t.isAfter(lastFrom)) {
        last = ResourceFacts.saturatedSum(last, e.count());
      } else if (t.isAfter(beforeFrom)) {
        before = ResourceFacts.saturatedSum(before, e.count());
      }
    }
    if (last < MIN_CLIMBING_ERRORS || before < 1 || last < CLIMB_FACTOR * before) {
      return Optional.empty();
    }
    return Optional.of(new ErrorClimb(before, last));
  }

  /**
   * Adds the evidence of how {@code f}'s signals began and held. A deviation still climbing when
   * the telemetry ends (see {@link #stillClimbing}) earns the full credit for holding: only the
   * window's end cut it short.
   */
  private static void symptomEvidence(
      ResourceFacts f,
      double factor,
      double timingFactor,
      Optional<String> climbing,
      List<Evidence> evidence) {
    // Series that spiked together and were back in line within a minute are one noise episode,
    // however many there are: moving together is a fault's mark only in deviations that hold.
    int together = Math.min(MAX_COINCIDENT, f.coincidentSignals());
    if (together > 1 && !f.blip()) {
      evidence.add(
          new Evidence(
              Evidence.Kind.TIMING,
              f.id(),
              Optional.empty(),
              timingFactor * COINCIDENT_WEIGHT * (together - 1),
              f.resource.name()
                  + ": "
                  + together
                  + " signals began within a minute of one another, as one fault does"));
    }
    double persisted = climbing.isPresent() ? 1 : persistenceShare(f.persistence());
    if (f.blip()) {
      evidence.add(
          new Evidence(
              Evidence.Kind.TIMING,
              f.id(),
              Optional.empty(),
              factor * BLIP_PENALTY,
              f.resource.name()
                  + ": every clear deviation lasted under a minute, as a noise spike does"));
    } else if (persisted > 0) {
      evidence.add(
          new Evidence(
              Evidence.Kind.TIMING,
              f.id(),
              Optional.empty(),
              timingFactor * PERSISTENCE_WEIGHT * persisted,
              f.resource.name()
                  + ": deviated for "
                  + f.persistence().toMinutes()
                  + " minutes"
                  + climbing.map(c -> " and " + c).orElse("")
                  + ", as a fault does and a noise episode does not"));
    }
    // One fault moves many series of a service with many endpoints; the credit for how strongly a
    // resource fails is capped as a whole, so that counting series does not outweigh the order of
    // onsets that tells a root from the callers it drags down.
    double scale = factor * ResourceFacts.strengthScale(f);
    for (Anomaly a : f.strongestPerSeries()) {
      evidence.add(
          new Evidence(
              Evidence.Kind.ANOMALY,
              f.id(),
              Optional.of(a.onset()),
              scale * ResourceFacts.weight(a),
              f.resource.name() + ": " + Texts.anomaly(a)));
    }
    if (!f.errors.isEmpty()) {
      ErrorEvent first =
          f.errors.stream().min(Comparator.comparing(ErrorEvent::timestamp)).orElseThrow();
      evidence.add(
          new Evidence(
              Evidence.Kind.ERROR,
              f.id(),
              Optional.of(first.timestamp()),
              scale * Math.min(1.0, Math.log10(1.0 + f.errorCount()) / 2),
              f.resource.name()
                  + ": "
                  + f.errorCount()
                  + " errors from "
                  + Texts.time(first.timestamp())
                  + " ("
                  + first.exceptionType()
                  + ": "
                  + MASKER.maskLine(first.message())
                  + ")"));
    }
    for (Alert a : f.alerts) {
      evidence.add(
          new Evidence(
              Evidence.Kind.EXTERNAL_STATUS,
              f.id(),
              Optional.of(a.startsAt()),
              scale * 0.25 * ResourceFacts.severityWeight(a.severity()),
              f.resource.name()
                  + ": alert "
                  + a.name()
                  + " firing from "
                  + Texts.time(a.startsAt())));
    }
  }

  /**
   * Adds {@link #RECOVERED_PENALTY} when {@code f} was last out of line (see {@link
   * ResourceFacts#lastDeviation}) at least {@link #RECOVERY_GAP} before the last anomaly flagged
   * anywhere in the incident. A spike of under a minute is left to {@link #BLIP_PENALTY}.
   */
  private static void recoveredEvidence(
      Incident incident, ResourceFacts f, List<Evidence> evidence) {
    Optional<Instant> last = f.lastDeviation();
    Optional<Instant> incidentLast = incident.propagation.lastSeen();
    if (f.blip() || last.isEmpty() || incidentLast.isEmpty()) {
      return;
    }
    Duration gap = Duration.between(last.get(), incidentLast.get());
    if (gap.compareTo(RECOVERY_GAP) < 0) {
      return;
    }
    evidence.add(
        new Evidence(
            Evidence.Kind.TIMING,
            f.id(),
            last,
            RECOVERED_PENALTY,
            f.resource.name()
                + " was back in line from "
                + Texts.time(last.get())
                + ", "
                + Texts.duration(gap)
                + " before the incident's last anomaly: a root of a failure that holds does not"
                + " recover by itself"));
  }

  /** Returns the share of {@link #PERSISTENCE_WEIGHT} a deviation lasting {@code d} earns. */
  static double persistenceShare(Duration d) {
    double from = PERSISTENCE_FROM.toSeconds();
    double full = PERSISTENCE_FULL.toSeconds();
    return Math.max(0, Math.min(1, (d.toSeconds() - from) / (full - from)));
  }

  private static void signatureEvidence(ResourceFacts f, List<Evidence> evidence) {
    signatureEvidence(f, SIGNATURE_WEIGHT, evidence);
  }

  private static void signatureEvidence(ResourceFacts f, double weight, List<Evidence> evidence) {
    for (ErrorSignature s : f.signatures()) {
      List<ErrorEvent> errors = f.errorsWith(s);
      long count = ResourceFacts.totalCount(errors);
      evidence.add(
          new Evidence(
              Evidence.Kind.ERROR_SIGNATURE,
              f.id(),
              Optional.of(errors.get(0).timestamp()),
              weight,
              f.resource.name()
                  + ": "
                  + count
                  + " "
                  + s.label()
                  + " errors ("
                  + errors.get(0).exceptionType()
                  + ")"
                  + onTables(f, s)));
    }
  }

  private static String onTables(ResourceFacts f, ErrorSignature s) {
    Set<String> tables = f.tables(s);
    return tables.isEmpty()
        ? ""
        : " on table" + (tables.size() > 1 ? "s " : " ") + String.join(", ", tables);
  }

  /**
   * Returns the names of the resources that depend on {@code f} (other than {@code exceptId}) and
   * show nothing: evidence that {@code f} is not failing for everyone. A caller that reported no
   * telemetry at all in the window ({@link IncidentContext#observed}) is left out: its silence is
   * missing data, not health.
   */
  private Optional<List<String>> healthyPeers(Incident incident, ResourceFacts f, String exceptId) {
    List<String> peers =
        Topology.dependants(graph, f.id()).stream()
            .filter(id -> !id.equals(exceptId) && !incident.failing(id))
            .filter(incident.context::observed)
            .map(incident::name)
            .sorted()
            .toList();
    return peers.isEmpty() ? Optional.empty() : Optional.of(peers);
  }

  private static String plural(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  private static String tableSuffix(ResourceFacts f, ErrorSignature s) {
    Set<String> tables = f.tables(s);
    return tables.isEmpty() ? "" : " (" + String.join(", ", tables) + ")";
  }

  private Optional<Evidence> quietOutsideEvidence(Incident incident) {
    if (!incident.known) {
      return Optional.empty();
    }
    Outside outside = incident.outside();
    if (outside.quiet() == 0) {
      return Optional.empty();
    }
    String more =
        outside.quiet() > MAX_LISTED ? " and " + (outside.quiet() - MAX_LISTED) + " more" : "";
    return Optional.of(
        new Evidence(
            Evidence.Kind.DEPENDENCY_PATH,
            incident.symptom.id(),
            Optional.empty(),
            0,
            "Resources outside the path show no anomaly or error: "
                + String.join(", ", outside.firstQuiet())
                + more));
  }

  /** Joins the first {@value #MAX_LISTED} names, then says how many more there are. */
  private static String listed(List<String> names) {
    if (names.size() <= MAX_LISTED) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, MAX_LISTED))
        + " and "
        + (names.size() - MAX_LISTED)
        + " more";
  }

  /** Returns whether {@code r} is where users' traffic enters (a gateway, ingress, balancer). */
  static boolean isIngress(ResourceRef r) {
    return typeSays(r.type(), "gateway", "ingress", "load_balancer", "loadbalancer", "frontend");
  }

  /**
   * Returns whether the resource type {@code type} contains any of {@code words}, ignoring case.
   */
  private static boolean typeSays(String type, String... words) {
    String t = type.toLowerCase(Locale.ROOT);
    for (String w : words) {
      if (t.contains(w)) {
        return true;
      }
    }
    return false;
  }

  private boolean isDatabase(ResourceRef r) {
    if (typeSays(
        r.type(), "sql", "database", "db", "rds", "postgres", "mysql", "mongo", "cosmos")) {
      return true;
    }
    return graph.dependantsOf(r.id()).stream()
        .map(Dependency::category)
        .anyMatch(c -> c.equalsIgnoreCase("database"));
  }

  private double decay(Duration sinceChange) {
    return Math.exp(-Math.max(0, sinceChange.getSeconds()) / decaySeconds);
  }

  private static double typeWeight(ChangeEvent.ChangeType type) {
    return switch (type) {
      case DEPLOYMENT -> 1.5;
      case CONFIGURATION -> 1.2;
      case TOPOLOGY -> 1.0;
      case SCALING -> 0.8;
      case OTHER -> 0.6;
    };
  }

  // ---- steps ----

  private List<String> steps(
      Incident incident, List<RootCauseCandidate> candidates, Optional<String> unattributed) {
    if (!incident.known) {
      return unknownSymptomSteps(incident, candidates, unattributed);
    }
    List<String> steps = new ArrayList<>();
    steps.add(changesStep(incident));
    steps.add(symptomStep(incident));
    steps.add(dependencyStep(incident));
    for (String id : incident.path.subList(1, incident.path.size())) {
      if (incident.failing(id)) {
        steps.add(findingsStep(incident, incident.facts.get(id)));
      }
    }
    outsideStep(incident).ifPresent(steps::add);
    unattributed.ifPresent(steps::add);
    steps.add(
        conclusion(candidates, "nothing on the path of " + incident.symptom.name() + " stood out"));
    return steps;
  }

  /**
   * Returns the steps when the symptom's resource is not in the topology: the gap first, then the
   * changes and the findings of the resources that fail clearly, then the conclusion.
   */
  private List<String> unknownSymptomSteps(
      Incident incident, List<RootCauseCandidate> candidates, Optional<String> unattributed) {
    List<String> steps = new ArrayList<>();
    steps.add(
        "The symptom resource '"
            + incident.symptom.id()
            + "' is not in the topology: its dependency path is unknown, so only the resources"
            + " that fail clearly in the context are ranked.");
    steps.add(changesStep(incident));
    for (String id : incident.scope) {
      steps.add(findingsStep(incident, incident.facts.get(id)));
    }
    unattributed.ifPresent(steps::add);
    steps.add(conclusion(candidates, "no resource fails clearly in the context"));
    return steps;
  }

  private static String conclusion(List<RootCauseCandidate> candidates, String nothing) {
    if (candidates.isEmpty()) {
      return "Conclusion: " + nothing + "; no root cause can be named.";
    }
    RootCauseCandidate top = candidates.get(0);
    return "Conclusion: "
        + top.summary()
        + " (confidence "
        + String.format(Locale.ROOT, "%.0f", top.confidence() * 100)
        + "%). Recommendation: "
        + top.recommendation()
        + ".";
  }

  private String changesStep(Incident incident) {
    String path =
        incident.known
            ? incident.path.stream().map(incident::name).collect(Collectors.joining(", "))
            : "the resources weighed";
    if (incident.changes.isEmpty()) {
      return "Recent deployments and changes: none on "
          + path
          + " in the "
          + Texts.duration(lookback)
          + " before the first onset ("
          + Texts.time(incident.onset)
          + ").";
    }
    List<String> lines = new ArrayList<>();
    incident.changes.forEach(
        (id, list) ->
            list.forEach(
                c ->
                    lines.add(
                        Texts.changeLine(c, incident.name(id))
                            + ", "
                            + Texts.duration(Duration.between(c.time(), incident.onset))
                            + " before the first onset")));
    return "Recent deployments and changes: " + String.join("; ", lines) + ".";
  }

  private String symptomStep(Incident incident) {
    ResourceFacts f = incident.facts.get(incident.symptom.id());
    String name = incident.symptom.name();
    if (f == null || !f.failing()) {
      return "Symptom on " + name + ": no anomaly or error of its own in the window.";
    }
    List<String> parts = new ArrayList<>();
    f.strongestAnomalies().stream().limit(3).map(Texts::anomaly).forEach(parts::add);
    if (!f.errors.isEmpty()) {
      parts.add(f.errorCount() + " errors");
    }
    return "Symptom on " + name + ": " + String.join("; ", parts) + ".";
  }

  private String dependencyStep(Incident incident) {
    List<String> below = incident.path.subList(1, incident.path.size());
    if (below.isEmpty()) {
      return "Dependency health: " + incident.symptom.name() + " has no dependencies.";
    }
    List<String> parts = new ArrayList<>();
    int healthy = 0;
    for (String id : below) {
      ResourceFacts f = incident.facts.get(id);
      if (incident.failing(id)) {
        parts.add(
            incident.name(id)
                + " failing from "
                + Texts.time(f.onset().orElseThrow())
                + " ("
                + plural(f.anomalies.size(), "anomaly", "anomalies")
                + ", "
                + plural(f.errorCount(), "error", "errors")
                + ")");
      } else if (healthy++ < MAX_LISTED) {
        parts.add(incident.name(id) + " healthy");
      }
    }
    if (healthy > MAX_LISTED) {
      parts.add((healthy - MAX_LISTED) + " more healthy");
    }
    return "Dependency health below "
        + incident.symptom.name()
        + ": "
        + String.join("; ", parts)
        + ".";
  }

  private String findingsStep(Incident incident, ResourceFacts f) {
    List<String> parts = new ArrayList<>();
    f.strongestAnomalies().stream().limit(3).map(Texts::anomaly).forEach(parts::add);
    for (ErrorSignature s : f.signatures()) {
      long count = ResourceFacts.totalCount(f.errorsWith(s));
      parts.add(count + " " + s.label() + " errors" + onTables(f, s));
    }
    long other =
        f.errorCount()
            - ResourceFacts.totalCount(
                f.errors.stream().filter(e -> !f.signaturesOf(e).isEmpty()).toList());
    if (other > 0) {
      parts.add(other + " other errors");
    }
    parts.add(incident.changes.containsKey(f.id()) ? "changed recently" : "no change of its own");
    return "Findings on "
        + f.resource.name()
        + " ("
        + f.resource.type()
        + "): "
        + String.join("; ", parts)
        + ".";
  }

  private Optional<String> outsideStep(Incident incident) {
    Outside outside = incident.outside();
    if (outside.quiet() == 0 && outside.failing().isEmpty()) {
      return Optional.empty();
    }
    StringBuilder s =
        new StringBuilder("Outside the path: ")
            .append(outside.quiet())
            .append(outside.quiet() == 1 ? " resource shows" : " resources show")
            .append(" no anomaly or error");
    if (!outside.failing().isEmpty()) {
      s.append("; failing as well: ").append(listed(outside.failing()));
    }
    if (!outside.changeLines().isEmpty()) {
      s.append("; changes there were not blamed: ")
          .append(String.join("; ", outside.changeLines()));
      if (outside.changes() > MAX_LISTED) {
        s.append(" and ").append(outside.changes() - MAX_LISTED).append(" more");
      }
    }
    return Optional.of(s.append('.').toString());
  }

  /**
   * What lies outside the symptom's path, found in one pass over the graph: the quiet resources,
   * those that reported telemetry and show nothing (their number and the first names in order), the
   * failing ones, and the changes there (their number and the first ones worded). A large estate
   * has thousands of each, so only what is listed is kept.
   */
  private record Outside(
      int quiet,
      List<String> firstQuiet,
      List<String> failing,
      int changes,
      List<String> changeLines) {}

  private Outside outside(Incident incident) {
    java.util.PriorityQueue<String> first =
        new java.util.PriorityQueue<>(Comparator.<String>reverseOrder());
    List<String> failing = new ArrayList<>();
    record Listed(ChangeEvent change, String resourceId, String name) {}
    // The earliest changes, by time, then id, then resource: the graph's order does not matter.
    Comparator<Listed> byTime =
        Comparator.comparing((Listed l) -> l.change(), CHANGE_ORDER)
            .thenComparing(Listed::resourceId);
    java.util.PriorityQueue<Listed> firstChanges = new java.util.PriorityQueue<>(byTime.reversed());
    int quiet = 0;
    int changes = 0;
    for (ResourceRef r : graph.resources()) {
      if (incident.onPath(r.id())) {
        continue;
      }
      if (incident.failing(r.id())) {
        failing.add(r.name());
      } else if (incident.context.observed(r.id())) {
        quiet++;
        if (first.size() < MAX_LISTED) {
          first.add(r.name());
        } else if (r.name().compareTo(first.peek()) < 0) {
          first.poll();
          first.add(r.name());
        }
      }
      for (ChangeEvent c : graph.changes(r.id(), incident.changeRange)) {
        changes++;
        Listed l = new Listed(c, r.id(), r.name());
        if (firstChanges.size() < MAX_LISTED) {
          firstChanges.add(l);
        } else if (byTime.compare(l, firstChanges.peek()) < 0) {
          firstChanges.poll();
          firstChanges.add(l);
        }
      }
    }
    List<Listed> listed = new ArrayList<>(firstChanges);
    listed.sort(byTime);
    List<String> changeLines =
        listed.stream().map(l -> Texts.changeLine(l.change(), l.name())).toList();
    List<String> firstQuiet = new ArrayList<>(first);
    firstQuiet.sort(Comparator.naturalOrder());
    failing.sort(Comparator.naturalOrder());
    return new Outside(quiet, firstQuiet, failing, changes, changeLines);
  }
}
