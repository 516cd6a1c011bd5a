package io.topdeck.monitoring.benchmarks.nab;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Normalized NAB scores of one detector, per profile, at the hindsight threshold NAB's sweep picks
 * and at a fixed threshold chosen before scoring, overall and per category.
 *
 * @param detector the detector name
 * @param filesScored the number of files with results
 * @param filesInCorpus the number of files in the corpus
 * @param profiles one entry per profile
 */
public record NabReport(
    String detector, int filesScored, int filesInCorpus, List<ProfileResult> profiles) {

  /** Validates and copies. */
  public NabReport {
    Objects.requireNonNull(detector, "detector");
    profiles = List.copyOf(profiles);
  }

  /**
   * Scores of one profile.
   *
   * @param profile the profile
   * @param hindsightThreshold the corpus-wide threshold NAB's sweep picks
   * @param hindsight the corpus totals at that threshold
   * @param hindsightScore the normalized score at that threshold
   * @param fixed the corpus totals at the fixed threshold
   * @param fixedScore the normalized score at the fixed threshold
   * @param categories per-category scores at both thresholds
   */
  public record ProfileResult(
      NabProfile profile,
      double hindsightThreshold,
      ThresholdScore hindsight,
      double hindsightScore,
      ThresholdScore fixed,
      double fixedScore,
      List<CategoryResult> categories) {

    /** Validates and copies. */
    public ProfileResult {
      Objects.requireNonNull(profile, "profile");
      categories = List.copyOf(categories);
    }
  }

  /**
   * Scores of one category, normalized with that category's window count; NaN when it has none.
   *
   * @param category the category name
   * @param windows the category's window count
   * @param hindsightRaw the raw score at the corpus hindsight threshold
   * @param hindsightScore the normalized score at the corpus hindsight threshold
   * @param fixedRaw the raw score at the fixed threshold
   * @param fixedScore the normalized score at the fixed threshold
   */
  public record CategoryResult(
      String category,
      int windows,
      double hindsightRaw,
      double hindsightScore,
      double fixedRaw,
      double fixedScore) {}

  /** Returns the report as a plain-text table. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "NAB results of '%s' (%d of %d files)%n",
            detector,
            filesScored,
            filesInCorpus));
    sb.append(
        String.format(
            Locale.ROOT,
            "%-20s | %-20s | %9s | %-20s | %9s%n",
            "profile",
            "hindsight thr",
            "score",
            "fixed thr",
            "score"));
    for (ProfileResult p : profiles) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-20s | %-20s | %9.3f | %-20s | %9.3f%n",
              p.profile().name(),
              Double.toString(p.hindsightThreshold()),
              p.hindsightScore(),
              Double.toString(p.fixed().threshold()),
              p.fixedScore()));
    }
    for (ProfileResult p : profiles) {
      sb.append(String.format(Locale.ROOT, "%nper category, profile %s%n", p.profile().name()));
      sb.append(
          String.format(
              Locale.ROOT,
              "%-22s | %7s | %9s | %9s | %9s | %9s%n",
              "category",
              "windows",
              "raw (hs)",
              "score",
              "raw (fix)",
              "score"));
      for (CategoryResult c : p.categories()) {
        sb.append(
            String.format(
                Locale.ROOT,
                "%-22s | %7d | %9.3f | %9s | %9.3f | %9s%n",
                c.category(),
                c.windows(),
                c.hindsightRaw(),
                formatScore(c.hindsightScore()),
                c.fixedRaw(),
                formatScore(c.fixedScore())));
      }
    }
    return sb.toString();
  }

  private static String formatScore(double score) {
    return Double.isNaN(score) ? "n/a" : String.format(Locale.ROOT, "%.2f", score);
  }
}
