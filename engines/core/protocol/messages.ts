import { z } from 'zod';

/**
 * The envelope every transport carries, as JSON text:
 *   call      {id, method, params}             client → server
 *   result    {id, result}                     server → client
 *   error     {id, error: {code, message, details?}}  (id is null when the frame had no usable id)
 *   event     {event: subscriptionId, topic, data}     server → client
 * `subscribe` and `unsubscribe` are calls with reserved method names, served by the protocol itself.
 */

export const MessageId = z.union([z.string().min(1).max(128), z.int().min(0).max(Number.MAX_SAFE_INTEGER)]);
export type MessageId = z.infer<typeof MessageId>;

export const SubscriptionId = z.string().min(1).max(64);
export type SubscriptionId = z.infer<typeof SubscriptionId>;

export const ReservedMethod = { Subscribe: 'subscribe', Unsubscribe: 'unsubscribe' } as const;
export type ReservedMethod = (typeof ReservedMethod)[keyof typeof ReservedMethod];

export const CallMessage = z.strictObject({
  id: MessageId,
  method: z.string().min(1).max(128),
  /** Omitted params are read as `{}`. */
  params: z.unknown().optional(),
});
export type CallMessage = z.infer<typeof CallMessage>;

/** Topic patterns are checked again by the bus; this only bounds what reaches it. */
export const SubscribeParams = z.strictObject({ pattern: z.string().min(1).max(256) });
export type SubscribeParams = z.infer<typeof SubscribeParams>;
export const SubscribeResult = z.object({ subscriptionId: SubscriptionId });
export type SubscribeResult = z.infer<typeof SubscribeResult>;

export const UnsubscribeParams = z.strictObject({ subscriptionId: SubscriptionId });
export type UnsubscribeParams = z.infer<typeof UnsubscribeParams>;
export const UnsubscribeResult = z.object({ subscriptionId: SubscriptionId });
export type UnsubscribeResult = z.infer<typeof UnsubscribeResult>;

/** Codes are plain strings on the wire so an older client survives a newer server's code. */
export const ErrorPayload = z.object({
  code: z.string().min(1),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorPayload = z.infer<typeof ErrorPayload>;

export const ResultMessage = z.strictObject({ id: MessageId, result: z.unknown() });
export type ResultMessage = z.infer<typeof ResultMessage>;

export const ErrorMessage = z.strictObject({ id: MessageId.nullable(), error: ErrorPayload });
export type ErrorMessage = z.infer<typeof ErrorMessage>;

export const EventMessage = z.strictObject({ event: SubscriptionId, topic: z.string(), data: z.unknown() });
export type EventMessage = z.infer<typeof EventMessage>;

export type ServerMessage = ResultMessage | ErrorMessage | EventMessage;

/**
 * Reads one server → client message. The three shapes are told apart by their distinguishing key
 * (`event`, `error`, `result`) so a validation failure names the right shape's fields.
 */
export function parseServerMessage(value: unknown): z.ZodSafeParseResult<ServerMessage> {
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  if ('event' in record) return EventMessage.safeParse(value);
  if ('error' in record) return ErrorMessage.safeParse(value);
  return ResultMessage.safeParse(value);
}

/** The id of a frame that failed validation, when it has a usable one, so its error can be matched. */
export function salvageMessageId(value: unknown): MessageId | null {
  if (typeof value !== 'object' || value === null) return null;
  const parsed = MessageId.safeParse((value as Record<string, unknown>).id);
  return parsed.success ? parsed.data : null;
}
