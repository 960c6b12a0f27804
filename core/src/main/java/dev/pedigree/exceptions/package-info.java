/**
 * The one unchecked exception hierarchy of Pedigree, rooted at
 * {@link dev.pedigree.exceptions.PedigreeException}. Each type carries the data a caller needs
 * to act on it.
 */
package dev.pedigree.exceptions;
