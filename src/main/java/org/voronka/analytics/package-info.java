/**
 * Sales analytics computed from the recorded stage history: the funnel of a pipeline in two
 * models (reached and visited) with outcomes and losses, time in stage, the snapshot of open
 * deals and stalled stages, results per user and department, and the sales forecast with its
 * accuracy ({@link org.voronka.analytics.SalesForecast}, ADR 15). The history reports read a
 * projection of the stage history (per pipeline entry and per stay) that the module rewrites for
 * every changed deal in the transaction of the change, so the numbers are exact after every move,
 * delete, restore or merge (ADR 11, ADR 20); the snapshot, stalled stages and the forecast read the
 * deals and the history directly. Saved forecasts are stored once a month, to compare them later
 * with what was won. A job reminds a deal's responsible user shortly before the deal overstays its
 * stage's target duration ({@link org.voronka.analytics.OverstayReminders}, ADR 26).
 */
package org.voronka.analytics;
