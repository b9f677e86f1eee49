/**
 * First start of an installation: the first account, its administrator and an API token,
 * printed once so that a newcomer can log in and call the API right away.
 */
package org.voronka.setup;
