package io.meshledger.node.consensus;

import java.util.PriorityQueue;

/** The simulation's only clock and event queue: tasks run in (time, insertion) order, one at a time. */
final class SimScheduler {
    private record Task(long time, long seq, Runnable action) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long seq;
    private long executed;

    long now() {
        return now;
    }

    long executed() {
        return executed;
    }

    void after(long delayMs, Runnable action) {
        queue.add(new Task(now + Math.max(0, delayMs), seq++, action));
    }

    /** Runs the next task unless it is due after {@code until}; false when none ran. */
    boolean runNext(long until) {
        Task next = queue.peek();
        if (next == null || next.time() > until) {
            return false;
        }
        queue.poll();
        now = next.time();
        executed++;
        next.action().run();
        return true;
    }
}
