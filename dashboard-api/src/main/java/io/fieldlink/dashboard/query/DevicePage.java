package io.fieldlink.dashboard.query;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** One page of the caller's devices, sorted by device id: by page number, or after a cursor. */
@Schema(name = "DevicePage")
record DevicePage(List<DeviceSummary> items,
                  @Schema(description = "Zero-based page number") int page,
                  @Schema(description = "Page size") int size,
                  @Schema(description = "Number of devices of the tenant") long total,
                  @Schema(description = "Pass as 'cursor' for the next page (no depth limit); null on the last page")
                  String nextCursor) {
}
