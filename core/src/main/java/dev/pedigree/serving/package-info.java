/**
 * Serving what an alias holds: an {@link dev.pedigree.serving.AliasFollower} follows
 * {@code name@alias} from inside a service, checks each new holder out into a cache folder,
 * verifies it, turns it into the service's model object with a
 * {@link dev.pedigree.serving.ModelLoader}, and swaps it in atomically, so a promotion or a
 * rollback reaches the service within one poll interval and a bad version never does.
 *
 * <pre>{@code
 * try (AliasFollower<ChurnModel> follower = AliasFollower.builder(repo, "churn-model@production", ChurnModel::load)
 *     .pollInterval(Duration.ofSeconds(5))
 *     .start()) {
 *   ChurnModel model = follower.awaitModel(Duration.ofSeconds(30)).orElseThrow().model();
 * }
 * }</pre>
 */
package dev.pedigree.serving;
