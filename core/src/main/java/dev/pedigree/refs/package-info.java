/**
 * Refs: named pointers to digests that change only by compare-and-swap, each kept as an
 * append-only log whose entries are created only if absent. See
 * {@link dev.pedigree.refs.RefStore}.
 */
package dev.pedigree.refs;
