package org.imsfhir.adapter.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Runs one operation over inputs round-robin on N threads for a while; counts and times each call. */
final class Throughput {

    record Result(int count, double seconds, double medianMs) {
        double perSecond() {
            return count / seconds;
        }
    }

    private Throughput() {
    }

    static <T> Result run(Consumer<T> op, List<T> inputs, int threads, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicInteger next = new AtomicInteger();
        List<Double> times = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(threads);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        T in = inputs.get(Math.floorMod(next.getAndIncrement(), inputs.size()));
                        long s = System.nanoTime();
                        op.accept(in);
                        times.add((System.nanoTime() - s) / 1e6);
                    }
                } finally {
                    done.countDown();
                }
            });
            thread.start();
        }
        done.await();
        double took = (System.nanoTime() - start) / 1e9;
        List<Double> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        return new Result(sorted.size(), took, sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2));
    }
}
