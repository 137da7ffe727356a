package io.meshledger.node.api;

import com.google.protobuf.UnsafeByteOperations;
import io.meshledger.core.receipt.Event;
import io.meshledger.core.receipt.Receipt;
import io.meshledger.node.storage.LedgerStore;
import io.meshledger.node.storage.StateStore;
import io.meshledger.proto.v1.EventCursor;
import io.meshledger.proto.v1.EventEnvelope;

import java.util.List;

/**
 * The events of committed receipts in ledger order, strictly after a cursor,
 * that pass a filter and the reader's access rights. Events skipped (filtered
 * or not readable) still move the position, so a resumed stream never sees
 * them later either. Only one block's receipts are held at a time.
 */
final class EventScan implements StreamSource<EventEnvelope> {
    private final LedgerStore ledger;
    private final StateStore state;
    private final EventFilter filter;
    private final java.util.function.Predicate<Event> readable;
    private final int blocksPerCall;

    // The next event to examine: (height, tx, event), in unsigned longs so a cursor of (h, 2^32-1, 2^32-1) works.
    private long height;
    private long tx;
    private long event;
    private List<Receipt> receipts;

    /**
     * @param after the last cursor the client received; null to start at the first event
     */
    EventScan(LedgerStore ledger, StateStore state, EventCursor after, EventFilter filter,
              java.util.function.Predicate<Event> readable, int blocksPerCall) {
        this.ledger = ledger;
        this.state = state;
        this.filter = filter;
        this.readable = readable;
        this.blocksPerCall = blocksPerCall;
        if (after == null || after.getHeight() < 1) {
            height = 1;
        } else {
            height = after.getHeight();
            tx = Integer.toUnsignedLong(after.getTxIndex());
            event = Integer.toUnsignedLong(after.getEventIndex()) + 1;
        }
    }

    @Override
    public Poll<EventEnvelope> next() {
        long tip = ledger.tip().height();
        for (int scanned = 0; height <= tip; scanned++) {
            if (scanned == blocksPerCall) {
                return new Poll.Scanned<>();
            }
            if (receipts == null) {
                receipts = state.receipts(height);
            }
            while (tx < receipts.size()) {
                Receipt r = receipts.get((int) tx);
                List<Event> events = r.succeeded() ? r.events() : List.of();
                while (event < events.size()) {
                    int e = (int) event++;
                    Event candidate = events.get(e);
                    if (filter.matches(candidate) && readable.test(candidate)) {
                        return new Poll.Item<>(envelope(r, e, candidate));
                    }
                }
                tx++;
                event = 0;
            }
            height++;
            tx = 0;
            event = 0;
            receipts = null;
        }
        return new Poll.CaughtUp<>();
    }

    private EventEnvelope envelope(Receipt receipt, int eventIndex, Event e) {
        return EventEnvelope.newBuilder()
                .setCursor(EventCursor.newBuilder().setHeight(receipt.height()).setTxIndex(receipt.index())
                        .setEventIndex(eventIndex))
                .setTxId(ProtoBytes.of(receipt.txId()))
                .setEvent(io.meshledger.proto.v1.Event.newBuilder().setContract(e.contract()).setType(e.type())
                        .setKey(UnsafeByteOperations.unsafeWrap(e.key().unsafeArray()))
                        .setData(UnsafeByteOperations.unsafeWrap(e.data().unsafeArray())))
                .build();
    }

    @Override
    public String position() {
        return "height " + height + " tx " + tx + " event " + event;
    }
}
