/**
 * Demo data: a believable sales year for the first account (pipelines, departments, users, deals
 * with complete stage histories), switched on with {@code voronka.demo.enabled=true}. The same
 * generator with a large {@code voronka.demo.deals} produces the benchmark data set.
 */
package org.voronka.demo;
