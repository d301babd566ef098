package io.hotellambda.schemas;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestChecks
{
    @Test
    void aDateHasAFourDigitYearAndExists()
    {
        assertThat(Checks.date("2027-03-14")).isEqualTo(LocalDate.of(2027, 3, 14));
        assertThat(Checks.date("9999-12-31")).isEqualTo(LocalDate.of(9999, 12, 31));
        assertThat(Checks.date("2028-02-29")).isEqualTo(LocalDate.of(2028, 2, 29));
        // what LocalDate.parse takes and a client's date must not be: wider years, signs, days that do not exist
        for (String text : new String[] {"+999999999-12-31", "-999999999-01-01", "+10000-01-01", "+2027-03-14", "2027-02-29", "2027-13-01", "2027-3-14",
                "27-03-14", "2027-03-14 ", "２０２７-03-14"}) {
            assertThatThrownBy(() -> Checks.date(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }
}
