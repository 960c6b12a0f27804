/**
 * Implementation code shared by Pedigree's packages. Not API: it may change in any release.
 */
package dev.pedigree.internal;
