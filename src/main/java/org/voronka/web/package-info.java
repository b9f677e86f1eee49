/**
 * The web UI: server-rendered Thymeleaf pages with htmx partial updates and SortableJS drag and
 * drop — the deals board, the deal card, the list view, the pipeline editor, the contacts and
 * companies pages with their cards, and the administrators' users and departments pages. It only talks to
 * other modules through their facades; live board updates are fed by polling the shared
 * {@code events} table, so they work across application nodes.
 */
package org.voronka.web;
