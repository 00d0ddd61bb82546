package io.fieldlink.dashboard.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** One page of alerts, newest (by raisedAt) first. */
@Schema(name = "AlertPage")
record AlertPage(List<AlertView> items,
                 @JsonInclude(JsonInclude.Include.ALWAYS)
                 @Schema(description = "Pass as 'cursor' for the next page; null on the last page", nullable = true)
                 String nextCursor) {
}
