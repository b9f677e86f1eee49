/**
 * Custom fields and their values for any entity type: the field definitions (with the
 * predefined multitext fields PHONE and EMAIL of contacts and companies), validated writes by
 * {@code field_id} or {@code field_code}, and reads in amoCRM's {@code custom_fields_values} shape.
 * Values are normalised on write (phones to digits, e-mails to lower case) for duplicate search.
 */
package org.voronka.customfield;
