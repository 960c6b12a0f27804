/**
 * Immutable, content-addressed objects: file contents, directory manifests and JSON records,
 * each stored once under its SHA-256 {@link dev.pedigree.objects.Digest} and verified on read.
 */
package dev.pedigree.objects;
