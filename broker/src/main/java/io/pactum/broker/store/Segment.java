package io.pactum.broker.store;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;

import java.nio.file.Path;

/**
 * One journal file: an MVStore holding, per key, the newest value or a tombstone, in six maps ({@link MapKind}) plus
 * {@code s} (segment facts: {@code hwm}, {@code clean}, {@code redo}). {@link #live} is the index's estimate of the
 * bytes in it that are still current, which compaction compares with the file size.
 */
final class Segment {
    final long no;
    final Path path;
    final MVStore store;
    final MVMap<Long, byte[]> bodies;
    final MVMap<Long, byte[]> refs;
    final MVMap<String, byte[]> queues;
    final MVMap<String, byte[]> meta;
    final MVMap<String, byte[]> prepared;
    final MVMap<String, byte[]> sys;
    /** Estimated bytes of entries in this segment that are still the current value of their key. */
    long live;
    /** A small number naming this segment among the open ones (1..65535), for {@link MessageTable}; set by its store. */
    int ordinal;

    Segment(long no, Path path, MVStore store) {
        this.no = no;
        this.path = path;
        this.store = store;
        if (store == null) {
            bodies = refs = null;
            queues = meta = prepared = sys = null;
            return;
        }
        bodies = store.openMap("m", new MVMap.Builder<Long, byte[]>()
                .keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        refs = store.openMap("r", new MVMap.Builder<Long, byte[]>()
                .keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        queues = stringMap(store, "q");
        meta = stringMap(store, "k");
        prepared = stringMap(store, "p");
        sys = stringMap(store, "s");
    }

    private static MVMap<String, byte[]> stringMap(MVStore store, String name) {
        return store.openMap(name, new MVMap.Builder<String, byte[]>()
                .keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
    }

    long size() {
        return store.getFileStore().size();
    }

    /** The maps that hold state (all but {@code s}), by kind: what compaction carries and recovery folds. */
    enum MapKind {
        BODIES, REFS, QUEUES, META, PREPARED;

        @SuppressWarnings("unchecked")
        <K> MVMap<K, byte[]> of(Segment s) {
            return (MVMap<K, byte[]>) switch (this) {
                case BODIES -> s.bodies;
                case REFS -> s.refs;
                case QUEUES -> s.queues;
                case META -> s.meta;
                case PREPARED -> s.prepared;
            };
        }
    }
}
