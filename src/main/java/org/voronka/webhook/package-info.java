/**
 * Outgoing webhooks (amoCRM's {@code /api/v4/webhooks}): destinations subscribed to events of
 * deals, contacts, companies, tasks and notes. A delivery is written in the transaction of the
 * change it reports and sent afterwards by any application node, with amoCRM's retry schedule,
 * a signature, a dead-letter list and automatic switch-off of a hook that keeps failing.
 */
package org.voronka.webhook;
