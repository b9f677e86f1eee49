/**
 * The REST API in amoCRM's API v4 dialect: paths, HAL envelopes, PHP-style filters, batch
 * semantics, 204 for empty results and problem+json errors. Controllers here translate between
 * the wire format and the feature modules' facades; no business rule lives here.
 */
package org.voronka.api;
