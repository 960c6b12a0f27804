package dev.pedigree.objects;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Merges ascending iterators into one ascending stream without repeats, lazily. */
final class SortedMerge {
  private SortedMerge() {
  }

  static <T extends Comparable<T>> Stream<T> distinct(List<Iterator<T>> sources) {
    record Head<T>(T value, Iterator<T> rest) {
    }
    PriorityQueue<Head<T>> heads = new PriorityQueue<>((a, b) -> a.value().compareTo(b.value()));
    for (Iterator<T> source : sources) {
      if (source.hasNext()) {
        heads.add(new Head<>(source.next(), source));
      }
    }
    Iterator<T> merged = new Iterator<>() {
      private T last;

      @Override
      public boolean hasNext() {
        while (!heads.isEmpty() && last != null && heads.peek().value().compareTo(last) == 0) {
          advance(heads.poll());
        }
        return !heads.isEmpty();
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Head<T> head = heads.poll();
        last = head.value();
        advance(head);
        return last;
      }

      private void advance(Head<T> head) {
        if (head.rest().hasNext()) {
          heads.add(new Head<>(head.rest().next(), head.rest()));
        }
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(merged,
        Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.NONNULL), false);
  }
}
