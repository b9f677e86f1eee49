/**
 * Mass actions on deals: a change applied to selected deals or to all deals matching a filter, run
 * as a durable background job in chunks (each deal changed through the deal module, so it gets its
 * stage transition and timeline event with the source {@code mass_action}), with progress, per-deal
 * failures, cancel, an audit of every run, and undo for the deals nobody changed since. See ADR 9.
 */
package org.voronka.massaction;
