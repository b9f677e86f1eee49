/**
 * Accounts, users, departments (user groups) and API tokens. Creating an account publishes
 * {@link org.voronka.account.AccountCreated} so that other modules set up their defaults in the
 * same transaction.
 */
package org.voronka.account;
