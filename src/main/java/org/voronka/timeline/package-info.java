/**
 * The timeline: every event that happened to a deal, contact or company (amoCRM's
 * {@code /api/v4/events}). Events are written by listeners that run inside the transaction of the
 * change they describe.
 */
package org.voronka.timeline;
