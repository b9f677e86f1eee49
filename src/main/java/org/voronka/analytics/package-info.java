/**
 * Sales analytics computed from the recorded stage history: the funnel of a pipeline in two
 * models (reached and visited) with outcomes and losses, time in stage, the snapshot of open
 * deals and stalled stages, results per user and department, and the sales forecast with its
 * accuracy ({@link org.voronka.analytics.SalesForecast}, ADR 15). Every report is aggregated in the
 * database from {@code stage_transitions} and the current deals; nothing is pre-aggregated, so the
 * numbers are exact after every move, delete, restore or merge (ADR 11). Only saved forecasts are
 * stored, once a month, to compare them later with what was won.
 */
package org.voronka.analytics;
