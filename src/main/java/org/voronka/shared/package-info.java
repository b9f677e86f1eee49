/**
 * The small kernel every module may use: who is acting ({@link org.voronka.shared.Actor}),
 * id allocation, time, the shared exception types and the source of a change.
 */
package org.voronka.shared;
