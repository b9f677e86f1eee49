/**
 * Tags: a dictionary per entity type (leads, contacts, companies) and the tags attached to each
 * entity. Other modules attach tags through {@link org.voronka.tag.TagManagement}.
 */
package org.voronka.tag;
