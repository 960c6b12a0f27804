/** Runnable benchmark harnesses that print figures; not part of the test suite. */
package dev.pedigree.bench;
