/**
 * Sales analytics computed from the recorded stage history: the funnel of a pipeline in two
 * models (reached and visited) with outcomes and losses, time in stage, the snapshot of open
 * deals and stalled stages. Every report is aggregated in the database from
 * {@code stage_transitions} and the current deals; nothing is pre-aggregated, so the numbers are
 * exact after every move, delete, restore or merge (ADR 11).
 */
package org.voronka.analytics;
