package io.hotellambda.booking.views;

import java.util.List;

/** {@code POST /v1/views/batch}: {@code {"events": [...]}}, at most the configured batch size. */
public record ViewBatchRequest(List<ViewRequest> events)
{
}
