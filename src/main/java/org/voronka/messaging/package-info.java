/**
 * Sends to the outside world other than webhooks: e-mail over each account's SMTP server and SMS
 * through its gateway (or the logging provider, which writes the SMS to the deal's timeline). A
 * send is written as a row of an outbox in the transaction that decided it and sent afterwards by
 * any node under a lease, with retries and backoff; sends that keep failing end in a dead-letter
 * list administrators retry from Настройки. Sends about a deal leave an event in its timeline.
 */
package org.voronka.messaging;
