package io.hotellambda.serving.views;

import io.hotellambda.serving.views.MergedViews.ViewCounts;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /v1/views/query}'s answer as JSON bytes: W and {@code degraded} once, as they hold
 * for every hotel of one answer, then per hotel {@code hotel_id}, {@code view_count},
 * {@code batch_count} and {@code speed_count} (null when degraded). Written straight from the
 * counts' arrays, because a 1,000-hotel answer is 4,000 numbers: through Jackson's generator
 * (field by field) they were most of a query's time (JFR). Nothing here needs escaping: numbers,
 * a boolean, null and an ISO-8601 instant.
 */
final class QueryAnswer
{
    private static final byte[] HOTEL_ID = ascii("{\"hotel_id\":");
    private static final byte[] VIEW_COUNT = ascii(",\"view_count\":");
    private static final byte[] BATCH_COUNT = ascii(",\"batch_count\":");
    private static final byte[] SPEED_COUNT = ascii(",\"speed_count\":");
    private static final byte[] NULL = ascii("null");
    /** The most one hotel's object takes: its names, four numbers of up to 20 characters, a brace and a comma. */
    private static final int MAX_HOTEL_BYTES = HOTEL_ID.length + VIEW_COUNT.length + BATCH_COUNT.length + SPEED_COUNT.length + 4 * 20 + 2;

    /** Bytes written to the stream at a time: one hotel's object always fits. */
    private static final int CHUNK = 8192;

    private final OutputStream out;
    private final byte[] bytes = new byte[CHUNK];
    private int size;

    private QueryAnswer(OutputStream out)
    {
        this.out = out;
    }

    /** Writes the answer to {@code out}, a chunk at a time: an answer of any size takes one small buffer. */
    static void write(ViewCounts counts, OutputStream out)
            throws IOException
    {
        QueryAnswer answer = new QueryAnswer(out);
        answer.append(ascii("{\"watermark\":"));
        answer.append(counts.watermark() == null ? NULL : ascii("\"" + counts.watermark() + "\""));
        answer.append(ascii(",\"degraded\":" + counts.degraded() + ",\"views\":["));
        for (int i = 0; i < counts.size(); i++) {
            answer.ensure(MAX_HOTEL_BYTES);
            if (i > 0) {
                answer.bytes[answer.size++] = ',';
            }
            answer.append(HOTEL_ID);
            answer.append(counts.hotelIds()[i]);
            answer.append(VIEW_COUNT);
            answer.append(counts.viewCount(i));
            answer.append(BATCH_COUNT);
            answer.append(counts.batchCounts()[i]);
            answer.append(SPEED_COUNT);
            if (counts.speedCounts() == null) {
                answer.append(NULL);
            }
            else {
                answer.append(counts.speedCounts()[i]);
            }
            answer.bytes[answer.size++] = '}';
        }
        answer.append(ascii("]}"));
        answer.flush();
    }

    private void append(byte[] ascii)
            throws IOException
    {
        ensure(ascii.length);
        System.arraycopy(ascii, 0, bytes, size, ascii.length);
        size += ascii.length;
    }

    /** {@code value}'s decimal digits, written from the last; room was ensured by the caller. */
    private void append(long value)
            throws IOException
    {
        if (value < 0) {
            append(ascii(Long.toString(value)));
            return;
        }
        int end = size + digits(value);
        for (int at = end - 1; at >= size; at--) {
            bytes[at] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size = end;
    }

    private static int digits(long value)
    {
        int digits = 1;
        for (long bound = 10; digits < 19 && value >= bound; bound *= 10) {
            digits++;
        }
        return digits;
    }

    /** Room for {@code more} bytes: what is held goes to the stream when there is not. */
    private void ensure(int more)
            throws IOException
    {
        if (size + more > bytes.length) {
            flush();
        }
    }

    private void flush()
            throws IOException
    {
        out.write(bytes, 0, size);
        size = 0;
    }

    private static byte[] ascii(String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
