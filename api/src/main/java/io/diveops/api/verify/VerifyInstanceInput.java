package io.diveops.api.verify;

/**
 * @param instance registry key of the instance, e.g. "fra"
 * @param budgetSeconds the whole verification's time budget; null means 300 (the seed's 5 minutes)
 */
public record VerifyInstanceInput(String instance, Integer budgetSeconds) {
  public static final int DEFAULT_BUDGET_SECONDS = 300;

  public int budget() {
    return budgetSeconds == null || budgetSeconds <= 0 ? DEFAULT_BUDGET_SECONDS : budgetSeconds;
  }
}
