/**
 * Stage automation (amoCRM's Digital Pipeline): rules attached to a stage — trigger, conditions,
 * delay, actions. A firing is written as a run in the transaction of the change that triggered it
 * and executed once by any application node: its actions and its completion commit together.
 * Moves made by rules are recorded with source {@code automation}; loops are stopped.
 */
package org.voronka.automation;
