package io.topdeck.monitoring.core.anomaly;

import java.time.Duration;
import java.util.Objects;

/** Factories for the detectors of this package. Every call returns a new, independent detector. */
public final class Detectors {

  private static final Duration MAX_PERIOD = Duration.ofDays(366);
  private static final int MAX_SLOTS = 1024;

  private Detectors() {}

  /**
   * Returns a new default detector for a gauge-like series: novelty, robust spike, level-shift and
   * daily seasonal detectors combined, scoring 0.5 or more where something is anomalous: a value or
   * a jump not seen in the last 2,000 to 4,000 points that is also far out, at least 6 robust
   * standard deviations (more when the noise is heavy-tailed) from the median of the last 56
   * points, the slow level-shift reference or the seasonal expectation (see {@link
   * EnsembleDetector}). A repeat of an earlier incident after such a quiet spell reports like the
   * first one, and so does an excursion much larger than any before it. A level not reached
   * recently on a coarse grid of the first 288 points that is not that far out scores 0.49: under
   * the default threshold, but above every supporting score, for callers that choose a lower
   * threshold. The score is in [0, 1]; a point scores 0 while the detector has too little history
   * (the first 256 finite points for the novelty part), and when its value is not finite.
   *
   * <p>A sustained change that no single point shows is reported on its own, once per excursion,
   * from the 1,000th point on: a level shift of at least 2.5 robust standard deviations of the
   * noise (more on a series whose level usually wanders, see {@link EnsembleDetector}) held for
   * about 60 points, judged against a slow reference that stops following once the level moves
   * away, so a ramp is judged against where it started; and, once the daily profile is known, three
   * points in a row at least 6 robust standard deviations outside the range of the usual values
   * within about an hour of that time of day (a jump at night to the daytime peak, an afternoon
   * drop); and thirty points in a row at least 3 such deviations below that range (a daily request
   * rate at 60% of its usual level, reported in 4 of 4 seeds, before in none); and, whether or not
   * the series counts as seasonal, thirty points in a row stopped at about 0 (within 5% of the
   * lowest usual value of the hour and the two next to it, where that is at least 3 such deviations
   * above 0). On a daily request rate at one-minute steps, traffic winding down to 0 over an hour
   * is reported 30 minutes after it reaches 0, and a low-traffic service (about 20 a minute at its
   * peak) at 0 for half an hour at its peak on its thirtieth minute, each in 8 of 8 seeds (before
   * in none). Below one-minute steps the stop is judged as a count per minute, and its points stay
   * out of the daily profile for up to three hours: at 15-second steps, that low-traffic service at
   * 0 for an hour is reported in 8 of 8 seeds (before in none), and after an hour at 0 at about
   * 1,000 requests a minute, the next day's traffic at that hour raises nothing in 8 of 8 (before
   * it was reported in 4), while the return is still reported, graded INFO, in 7 (before in 8, 4 of
   * them CRITICAL). A point back within 4 noise standard deviations of the level held before a
   * confirmed shift, within 8,192 points of it, is the end of the excursion and is not reported,
   * nor is a confirmed step back towards that level. Over eight seeds, a shift of 4 noise standard
   * deviations is found in 8 (before 1), a lognormal latency whose median doubles in 8 (before 2),
   * error counts going from Poisson(0.5) to Poisson(4) in 7 (before 0), ramps to 10 to 60 standard
   * deviations over 1 to 480 points in all, with their return reported in none (before, ramps over
   * 60 points or more were never reported and their return was, in up to 8 of 8). A gauge that
   * grows steadily (disk bytes at 1 to 3 MB a minute, with now and then a delete) and then grows 3,
   * 5 or 20 times faster is reported once, 135 to 180 points later, in 8 of 8 seeds (before in
   * none): the shift is judged against the series' own growth (see {@link EnsembleDetector}).
   *
   * <p>A series that sits on one value most of the time (an on/off flag, a low-rate error count) is
   * judged against the smallest typical step away from that value, so its usual other values raise
   * nothing, while a value it has not taken before is reported when it lies about nine such steps
   * away or more, or when it lies beyond every value of the last 2,000 to 4,000 points by a step
   * and twice as far from the median as the farthest of them on its side (see {@link
   * EnsembleDetector}): among 0s and 1s a sustained 3, 5 or 50 is reported, a sustained 2 is not
   * (it looks like the next value up of a sparse count), and neither is a flag stuck at one of its
   * usual values. Its distance from the usual value at that time of day is judged by that step too:
   * an on/off flag toggling about hourly raises nothing once past its first days, where before a
   * toggle to the value its hour saw least was off-season (2 to 3 times per 20,000 points at
   * 15-second steps, 13 to 18 at one-minute steps).
   *
   * <p>Known limits: a stop is confirmed after thirty points whatever the sampling interval (two
   * and a half hours at five-minute steps), and an hour whose usual values come near 0 has no stop:
   * that low-traffic service at 0 for half an hour at 03:00, when about 4 a minute is usual, is not
   * reported. Traffic winding down to 0 over an hour and then at 0 for three hours is reported at
   * about 1,000 requests a minute at its peak, but at 200 or 20 in none of 8 seeds at one-minute
   * steps (the wind-down hour's slot learns the wind-down). A planned 30-minute stop every night is
   * reported on each of its 11 later nights at 15-second steps (before on 9 to 11 of them; the
   * longer hold keeps its hour from learning it) and on 10 or 11 at one-minute steps, as before. A
   * single garbage value (1e300) in a daily request rate raises a false anomaly 288 points later,
   * and a few more per 100,000 points after it. The seasonal slots weigh each point by 0.1, and the
   * test of seasonality looks at the last hundred points or so, at steps under a minute the last
   * hundred minutes or so (a daily request rate at 15-second steps counts as seasonal on about half
   * its points, before under 1%; a change from 03:00 that lasts all day is still judged against its
   * own recent points by the morning and found in none of 8 seeds; kept seasonal all day, it was
   * still found in none, since each hour's slot learns the day's new level within that hour and the
   * next hour is judged against a range that includes it): at one-minute steps, traffic winding
   * down over an hour to 30% of its usual level and held there for six hours is reported during it
   * in none of 8 seeds (the profile follows the wind-down), and a series whose daily curve is flat
   * for hours does not count as seasonal there. A shift of 3 noise standard deviations is found in
   * 4 of 8 seeds, a lognormal median up by half or Poisson(0.5) counts going to Poisson(2) in 1 of
   * 8; a second step of an excursion within 1,024 points of the first is not reported again, and a
   * genuine anomaly that brings a series back to the level it held before a shift is not reported;
   * a run far off its season shorter than three points is left to the other parts, and a value the
   * series usually takes within an hour of that time of day is not off-season. A constant series
   * that turns noisy raised 8 false anomalies over eight seeds of 15,000 noisy points (before 53),
   * and a memory sawtooth 60 per 800,000 points (before 53). A repeat within 2,000 points of the
   * last visit to that level is taken as known and scores under 0.5 (the supporting detectors alone
   * are weighted below the threshold). By the same repeat rule, two levels that alternate with a
   * period of thousands of points raise an anomaly at every switch up, while the switches back down
   * are not reported. On flat heavy-tailed noise the gate follows the tail, but not all the way,
   * and the tail estimate takes thousands of points to settle. A positive series that looks
   * lognormal (latencies) is judged in log space too, but only from its 4,000th point: judged so
   * from the start, request-count series of the NAB corpus lost labelled anomalies. A single value
   * of 0 or less switches the log-space judgement off for good; lognormal noise with σ 1 then
   * raised 18 false anomalies in 100,000 points, 7 of them after point 4,000. In 100,000 points,
   * lognormal latencies with σ 1 raise about 11 to 14 false anomalies, almost all before point
   * 4,000 (0 to 2 after it); with σ 0.5, 3 to 5, all before it; Student-t(3) noise 12 to 27 over
   * seeds, half of them in the first 4,000 points and the rest about one per 10,000; Poisson(2)
   * counts up to 1. A spike in such noise is reported only when it clears the noise's own rare
   * extremes. In a series of 0s with rare spikes of one size, spikes that come closer together than
   * usual are not reported. A recurring job, an excursion far from the expected that comes back 1
   * to 8 whole days after its last run at the same time of day and on the same levels, is known
   * from its third run on (see {@link EnsembleDetector}). Measured with eight seeds over 41 days at
   * one-minute, 15- and 10-second steps, on flat and on daily seasonal noise (96 series): a nightly
   * 20 to 40 minute plateau or burst of about four times the daytime level is reported on its first
   * one to three nights, and on a later night at most once per series (in 38 of the 96, mostly a
   * value of the job's own noise reaching a level of the coarse grid for the first time), where
   * before it was reported on 3 to 41 of the 41 nights. A weekly one over nine weeks (32 series) is
   * reported on its first two runs, in 7 series also on its third, and on a later run at most once
   * (11 series), where before it was reported every week. The same job twice as large, or at 14:00
   * instead of 02:00, is reported in all 24 series of each, where before, at one-minute and
   * 15-second steps, it was in 1 of 16. The runs of a known job no longer widen the tail gate, so
   * the noise around it is judged more strictly: at 15-second steps, the 32 series raised 42
   * anomalies outside the runs (noise extremes, some just after a run ends), against 20 before and
   * 28 on the same noise with no job at all. After lognormal noise widened gradually over 30,000
   * points and narrowed back, the tail gate comes back within about 6,000 points: spikes of 10 to
   * 50 times the median are reported from then on, where before some went unreported 20,000 to
   * 30,000 points after. The weights were chosen on the NAB corpus. Further wrong answers measured
   * on seeded series: such a gauge that grows only twice as fast raises nothing; a daily profile
   * with weekends at half load raises about three anomalies a month at the weekday and weekend
   * edges (the seasonal part is daily only), and a Saturday held at the weekday level is not
   * reported: use {@link #weeklyEnsemble()} for such series; a 30-minute excursion an hour after a
   * learnt nightly job, to the job's level, is taken for the job; a bursty queue of 0s raises 6 to
   * 12 anomalies per 100,000 points at 10-second steps; at 15-second steps, a daytime drop to 30%
   * for 3, 5 or 10 minutes is found in 4, 3 and 4 of 4 seeds (before 2, 0 and 2), but traffic at
   * half for three hours in 1 of 8 and a tripling for ten minutes at 03:00 in none. A disk filling
   * 0.2% an hour and rotated back every midnight raises anomalies at normal rotations (10 graded
   * HIGH or CRITICAL over four seeded 14-day series) while a failed rotation, 48 hours of growth
   * past every earlier value, raises none; a seconds-since-backup gauge likewise raises 3 to 4 at
   * normal resets and none when the backup fails. Lognormal latency with σ 0.6 around a daily
   * median raised about 42 false anomalies per 100,000 points, most in its first day; error counts
   * going from Poisson(0.02) to Poisson(2) for 30 minutes were found in 1 of 4 series.
   */
  public static StreamingDetector defaultEnsemble() {
    return new EnsembleDetector(56, 6, 0.45);
  }

  /**
   * Returns a new ensemble like {@link #defaultEnsemble()} whose seasonal part learns the usual
   * value for each hour of the week (168 slots) instead of each hour of the day: for traffic and
   * latency whose weekends (or any weekday) differ from the other days. It is {@code
   * seasonalEnsemble(Duration.ofDays(7), 168)}.
   *
   * <p>The seasonal part counts a series as seasonal only after two whole periods, here two weeks,
   * so the first two weeks are judged as by a detector without a seasonal part; from then on a
   * point is judged against the usual value at that hour of the week, and the off-season rule
   * (three points far outside the usual range of that hour and the two next to it, or thirty points
   * well below it) compares the same weekday only. Each slot learns from about an hour of points a
   * week, so a change of the weekly pattern takes one to two weeks to be learnt, where a daily
   * profile needs one to two days. A recurring job is still recognised on whole days, 1 to 8 days
   * apart, as in the default (see {@link EnsembleDetector}). The state per series is 1,152 bytes
   * larger than the default's, 3,184 bytes by the HotSpot layout estimate ({@code
   * ./scripts/benchmark.sh state-size weekly}).
   *
   * <p>Unlike the default, thirty points in a row at least 3 robust standard deviations above the
   * usual range of their hour also confirm a run, whose points the profile does not learn until
   * then: without that, a Saturday held at the weekday level was learnt by its hourly slot within
   * about fifteen points and never reported. The cost is that a job of more than thirty points at
   * an hour of the week it has not run at before is reported as such a run unless the recurrence
   * memory already knows it.
   *
   * <p>Measured on one-minute request counts, Poisson around a daily curve with weekends at half
   * load (the load moving between the levels over the hour around midnight), five weeks from a
   * Monday, six seeds: at peaks of 200 and 100 a minute no anomaly from the third week on, at peak
   * 40 one in six series raised one (the default: 1 of 12 and 1 of 6 series, one each). With the
   * load switching in one step at midnight, at peak 200, the default raised 6 over the six series,
   * mostly on Monday mornings, and the weekly ensemble 1 from the third week on, at a Monday's
   * midnight step, which the rolling median sees as a jump not seen for a week. A Saturday held at
   * the weekday level from 13:00 for six hours is reported in 6 of 6 seeds (the default: 0 of 6), a
   * Wednesday dropped to the weekend level from 13:00 in 6 of 6 (the default, judging it against
   * the day before, also in 6); from 10:00, where the daily curve is steep and the slots' spread
   * wider, in 5 and 3 of 6 (the default: 0 and 4). A nightly or weekly 20 to 40 minute job of four
   * times the load raised up to 3 anomalies on its later runs (at one-minute and 15-second steps,
   * four seeds), against at most 1 with the default.
   *
   * <p>Known limits, measured on seeded weekly traffic (weekday ramps, a Friday taper, weekends at
   * half load, eight seeds): a change that starts at night or early in the morning and lasts the
   * whole day is not reported, neither by this ensemble nor by the default: a weekday at half load
   * from 03:00 for 20 hours and a weekday holiday at weekend load in 0 of 8 seeds, a whole Saturday
   * at weekday load in 1 of 8 (eleven hours in), a drop to half from 09:00 in 1 of 8. Each hour's
   * slot learns the day's new level within that hour, and the next hour is judged against a range
   * that includes it, so the change never stands 3 deviations outside the range for thirty points
   * in a row; a change that starts in the middle of the day (a drop to half from 10:00 for three
   * hours) is found in 8 of 8. At 15-second steps the series counts as seasonal on about half its
   * points (at one-minute steps on about three quarters), and a drop to half for three hours is
   * found in 1 of 8; a Saturday at weekday load from 13:00 in 3 of 8 (8 of 8 at one-minute steps).
   * A weekly latency pattern whose Saturday is held at the weekday level (about 1.4 times its usual
   * value, 4.4 noise deviations) is not reported.
   */
  public static StreamingDetector weeklyEnsemble() {
    return seasonalEnsemble(Duration.ofDays(7), 168);
  }

  /**
   * Returns a new ensemble like {@link #defaultEnsemble()} whose seasonal part has the given period
   * split into {@code slots} equal slots; {@code seasonalEnsemble(Duration.ofDays(1), 24)} is the
   * default. The seasonal part switches itself on after two whole periods when the series shows the
   * period, and its state grows by 8 bytes per slot. For any period but one day, runs above the
   * usual range confirm too, as in {@link #weeklyEnsemble()}. The off-season rule looks at a
   * point's slot and the two next to it, so slots much shorter than an hour make it stricter, and
   * each slot needs several points per period to learn (the slots weigh each point by 0.1).
   *
   * @param period the seasonal period, from one minute to 366 days
   * @param slots how many equal slots split the period, 2 to 1,024, each at least one second long
   * @throws IllegalArgumentException if the period or the slots are out of those ranges
   * @throws NullPointerException if {@code period} is null
   */
  public static StreamingDetector seasonalEnsemble(Duration period, int slots) {
    Objects.requireNonNull(period, "period");
    if (period.compareTo(Duration.ofMinutes(1)) < 0 || period.compareTo(MAX_PERIOD) > 0) {
      throw new IllegalArgumentException(
          "period must be from 1 minute to 366 days, but was " + period);
    }
    if (slots < 2 || slots > MAX_SLOTS) {
      throw new IllegalArgumentException(
          "slots must be from 2 to " + MAX_SLOTS + ", but was " + slots);
    }
    if (period.dividedBy(slots).compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "each slot must be at least 1 second long, but "
              + period
              + " in "
              + slots
              + " slots gives "
              + period.dividedBy(slots));
    }
    return new EnsembleDetector(
        56,
        6,
        0.45,
        EnsembleDetector.NOVELTY_MEMORY,
        new SeasonalDetector(period, slots, 0.1, 6, !period.equals(Duration.ofDays(1))));
  }

  /**
   * Returns a new sensitive ensemble: the default one without the gate on novel points and with a
   * novelty memory that never forgets, so that any value or jump never seen before reports, however
   * small, and only the first time. It finds more real anomalies in some series but also reports
   * the rare extremes of plain noise: a flat Gaussian series of a few thousand points usually gets
   * a few anomalies. Use it where a first-time value is worth a look.
   */
  public static StreamingDetector sensitiveEnsemble() {
    return new EnsembleDetector(32, 0, 1, 0);
  }

  /** Returns a new instance of the detector used when none is chosen: the default ensemble. */
  public static StreamingDetector defaultDetector() {
    return defaultEnsemble();
  }

  /**
   * Returns a new detector for a monotonic counter: its per-second rate, scored by the default
   * ensemble, with drops taken as counter restarts.
   */
  public static StreamingDetector forCounter() {
    return new CounterRateDetector(defaultEnsemble());
  }
}
