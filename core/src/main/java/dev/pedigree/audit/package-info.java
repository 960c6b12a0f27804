/**
 * The tamper-evident audit log: every registry mutation and gate verdict, hash-chained, with
 * {@link dev.pedigree.audit.AuditLog#verify()} reporting any edited, removed, inserted or
 * reordered event by position.
 */
package dev.pedigree.audit;
