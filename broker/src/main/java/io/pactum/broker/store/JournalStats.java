package io.pactum.broker.store;

/** Counters since open: syncs (one per committed batch), records and batches written, and the data dir's size. */
public record JournalStats(long syncs, long batches, long records, long bytesOnDisk) {
}
