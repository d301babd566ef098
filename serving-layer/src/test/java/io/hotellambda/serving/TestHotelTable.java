package io.hotellambda.serving;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestHotelTable
{
    @Test
    void holdsEachHotelsValuesAndAnswersZeroForAHotelItDoesNotHold()
    {
        HotelTable table = new HotelTable(1000, 3);
        Random random = new Random(20261201);
        long[] hotels = random.longs(1000, 1, Long.MAX_VALUE).toArray();
        for (long hotel : hotels) {
            int slot = table.add(hotel);
            table.set(slot, 0, hotel % 1000);
            table.set(slot, 2, -hotel);
        }
        assertThat(table.size()).isEqualTo(1000);
        for (long hotel : hotels) {
            assertThat(table.get(hotel, 0)).isEqualTo(hotel % 1000);
            assertThat(table.get(hotel, 1)).isZero();
            assertThat(table.get(hotel, 2)).isEqualTo(-hotel);
            assertThat(table.add(hotel)).as("a hotel held is not added again").isEqualTo(table.find(hotel));
        }
        assertThat(table.size()).isEqualTo(1000);
        assertThat(table.find(hotels[0] + 1)).isEqualTo(-1);
        assertThat(table.get(hotels[0] + 1, 0)).isZero();
    }

    @Test
    void aFullTableRefusesANewHotelAndItsCopyHoldsEverythingWithMoreRoomAndColumns()
    {
        HotelTable table = new HotelTable(8, 1);
        for (long hotel = 1; !table.full(); hotel++) {
            table.set(table.add(hotel), 0, hotel * 10);
        }
        int held = table.size();
        assertThat(held).isGreaterThanOrEqualTo(8);
        assertThatThrownBy(() -> table.add(held + 1)).isInstanceOf(IllegalStateException.class);

        HotelTable copy = table.copy(held * 2, 2);
        assertThat(copy.width()).isEqualTo(2);
        assertThat(copy.full()).isFalse();
        LongStream.rangeClosed(1, held).forEach(hotel -> {
            assertThat(copy.get(hotel, 0)).isEqualTo(hotel * 10);
            assertThat(copy.get(hotel, 1)).isZero();
        });
        copy.clear(0);
        assertThat(copy.get(1, 0)).isZero();
        assertThat(table.get(1, 0)).as("the original is untouched").isEqualTo(10);
    }

    @Test
    void hotelIdsArePositive()
    {
        HotelTable table = new HotelTable(8, 1);
        assertThatThrownBy(() -> table.add(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> table.add(-3)).isInstanceOf(IllegalArgumentException.class);
    }
}
