package dev.pedigree.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link PedigreeExtension} for a repository in a fresh temporary directory (the
 * {@code file:} backend) instead of in memory; the directory is deleted after the test.
 *
 * <pre>{@code
 * @Test
 * void survivesReopening(@TempRepository Repository repo) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface TempRepository {
}
