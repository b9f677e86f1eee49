/**
 * Links between deals, contacts and companies (amoCRM's entity links) and the creation of a deal
 * together with its contact and company in one transaction ({@code /api/v4/leads/complex}).
 * It sits above the deal and contact modules and changes them only through their facades.
 */
package org.voronka.link;
