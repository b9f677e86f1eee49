/**
 * Deals (сделки, amoCRM "leads"), their stage history and loss reasons. Every stage move writes
 * one {@link org.voronka.deal.StageTransition} in the transaction of the move and publishes
 * {@link org.voronka.deal.DealsChanged} for the timeline and other listeners.
 */
package org.voronka.deal;
