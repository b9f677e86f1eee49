/**
 * In-app notifications (the bell): automation rules notify a deal's responsible user or a given
 * user, and administrators hear when a webhook was switched off after failing. A user may also
 * get them by e-mail (through the messaging module's outbox).
 */
package org.voronka.notification;
