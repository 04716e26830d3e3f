// Memory bounds for stream reading. A stream may be endless (hours of SSE through a gateway), so
// the readers keep only the unfinished line, event or frame, never the stream itself. Anything
// bigger than these caps cannot be a usage report (those are a few hundred bytes), so it is
// skipped rather than buffered.

/** Longest SSE/NDJSON line, or JSON object in a JSON-array stream, that is kept (UTF-16 units). */
export const MAX_EVENT_CHARS = 1 << 20;

/** Largest AWS event-stream frame that is kept (bytes); bigger frames are skipped unread. */
export const MAX_FRAME_BYTES = 1 << 20;
