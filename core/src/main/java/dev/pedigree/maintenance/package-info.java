/**
 * Operating a store over years: retention policies evaluated with a dry run, and garbage
 * collection that reclaims unreferenced objects safely while other processes write. Start at
 * {@link dev.pedigree.maintenance.Maintenance}.
 */
package dev.pedigree.maintenance;
