// Turns one decoded AWS event-stream message into the event object an SDK would have yielded,
// so raw frames and parsed SDK events go through the same code.
import { isRecord, parseJson } from '../values';
import type { EventStreamMessage } from './event-stream';

const utf8 = new TextDecoder('utf-8');

export function eventFromMessage(message: EventStreamMessage): Record<string, unknown> | null {
  const messageType = message.headers[':message-type'];
  // Exceptions (throttling, validation, model errors) and error frames carry no usage.
  if (messageType !== undefined && messageType !== 'event') return null;
  const eventType = message.headers[':event-type'];
  if (!eventType) return null;
  const payload = parseJson(utf8.decode(message.payload));
  if (!isRecord(payload)) return null;
  if (eventType === 'chunk' && typeof payload.bytes === 'string') {
    // InvokeModelWithResponseStream: each frame wraps the model's own JSON event (an Anthropic
    // message_start, a Llama generation chunk...), base64-encoded.
    const inner = parseJson(Buffer.from(payload.bytes, 'base64').toString('utf8'));
    return isRecord(inner) ? inner : null;
  }
  // ConverseStream: the SDK yields { messageStart: {...} }, { metadata: {...} }...; the frame's
  // payload is the member's value and its name is the :event-type header.
  return { [eventType]: payload };
}
