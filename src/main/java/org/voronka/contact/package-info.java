/**
 * Contacts and companies, with their phones and e-mails. A contact belongs to at most one company.
 */
package org.voronka.contact;
