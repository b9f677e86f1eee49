/**
 * Tasks (задачи): a deadline, a type, a responsible user, optionally attached to a deal, contact
 * or company, completed with a result. Entities the task module does not own are reached through
 * {@link org.voronka.shared.EntityDirectory}; their nearest open deadline is announced with
 * {@link org.voronka.task.ClosestTasksChanged}.
 */
package org.voronka.task;
