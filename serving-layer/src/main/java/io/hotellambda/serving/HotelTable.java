package io.hotellambda.serving;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Hotel ids (positive) to a fixed number of {@code long} values each, held in one flat array:
 * each slot is the id followed by its values, found by open addressing. A 1,000-hotel query looks
 * up 1,000 random hotels; through a {@code HashMap<Long, ...>} each lookup followed four or five
 * references (node, boxed key, value object, its arrays), each a likely cache miss, which JFR
 * showed as most of the query's time. Here a lookup reads one or two cache lines.
 *
 * <p>One writer, any number of readers: {@link #add} publishes a slot's id after its values, and
 * readers see each value whole. A reader may see a value a moment old, never a torn one.
 */
public final class HotelTable
{
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int MAX_CAPACITY = 1 << 28;

    private final long[] slots;
    private final int width;
    private final int stride;
    private final int mask;
    private int size;

    /** Room for {@code hotels} hotels at a load of at most a half, each with {@code width} values (0: a set of hotels). */
    public HotelTable(int hotels, int width)
    {
        if (hotels < 0 || width < 0) {
            throw new IllegalArgumentException("hotels[%s] and width[%s] must not be negative".formatted(hotels, width));
        }
        long capacity = Long.highestOneBit(Math.max(8L, hotels) * 2 - 1) << 1;
        if (capacity > MAX_CAPACITY || capacity * (width + 1) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("%s hotels of %s values are more than one table holds".formatted(hotels, width));
        }
        this.width = width;
        this.stride = width + 1;
        this.mask = (int) capacity - 1;
        this.slots = new long[(int) capacity * stride];
    }

    public int width()
    {
        return width;
    }

    public int size()
    {
        return size;
    }

    /** True when one more hotel would fill the table past a half: the writer then moves to a {@link #copy} with more room. */
    public boolean full()
    {
        return (size + 1) * 2 > mask + 1;
    }

    /** The slot of {@code hotel}, or -1 when it holds none. */
    public int find(long hotel)
    {
        for (int slot = home(hotel); ; slot = (slot + 1) & mask) {
            long id = (long) SLOTS.getAcquire(slots, slot * stride);
            if (id == hotel) {
                return slot;
            }
            if (id == 0) {
                return -1;
            }
        }
    }

    /** The value in {@code column} of {@code hotel}, or 0 when it holds none. */
    public long get(long hotel, int column)
    {
        int slot = find(hotel);
        return slot < 0 ? 0 : value(slot, column);
    }

    public long value(int slot, int column)
    {
        return (long) SLOTS.getOpaque(slots, slot * stride + 1 + column);
    }

    /** The writer's: the slot of {@code hotel}, added with every value 0 when absent. The table must not be {@link #full}. */
    public int add(long hotel)
    {
        if (hotel <= 0) {
            throw new IllegalArgumentException("hotel[%s] must be positive".formatted(hotel));
        }
        for (int slot = home(hotel); ; slot = (slot + 1) & mask) {
            long id = slots[slot * stride];
            if (id == hotel) {
                return slot;
            }
            if (id == 0) {
                if (full()) {
                    throw new IllegalStateException("the table is full at %s hotels".formatted(size));
                }
                SLOTS.setRelease(slots, slot * stride, hotel);
                size++;
                return slot;
            }
        }
    }

    /** The writer's. */
    public void set(int slot, int column, long value)
    {
        SLOTS.setOpaque(slots, slot * stride + 1 + column, value);
    }

    /** The writer's: every hotel's {@code column} back to 0. */
    public void clear(int column)
    {
        for (int at = 1 + column; at < slots.length; at += stride) {
            SLOTS.setOpaque(slots, at, 0L);
        }
    }

    /** A new table with room for {@code hotels} and {@code width} values each, holding every hotel and value of this one. */
    public HotelTable copy(int hotels, int width)
    {
        if (width < this.width) {
            throw new IllegalArgumentException("width[%s] is less than this table's %s".formatted(width, this.width));
        }
        HotelTable copy = new HotelTable(Math.max(hotels, size), width);
        for (int at = 0; at < slots.length; at += stride) {
            if (slots[at] != 0) {
                int slot = copy.add(slots[at]);
                System.arraycopy(slots, at + 1, copy.slots, slot * copy.stride + 1, this.width);
            }
        }
        return copy;
    }

    private int home(long hotel)
    {
        // ids are often dense (1, 2, 3, ...): mix them, or neighbours would share a run of slots
        long mixed = hotel * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ (mixed >>> 32)) & mask;
    }
}
