/**
 * NATS-style matching of a concrete topic against a pattern: `*` matches exactly one segment, `>`
 * (last position only) matches one or more trailing segments. `quotes.>` matches `quotes.AAPL.XNAS`
 * but not `quotes`; `quotes.*.XNAS` matches `quotes.AAPL.XNAS` but not `quotes.AAPL.XNYS`.
 */
import { SEGMENT_SEPARATOR, SINGLE_WILDCARD, TAIL_WILDCARD, parseTopicPattern } from './topics.js';

export interface CompiledPattern {
  readonly source: string;
  /** True when the pattern has no wildcard: it matches only the identical topic. */
  readonly exact: boolean;
  /** Segments before a trailing `>` (all segments when there is none). */
  readonly head: readonly string[];
  readonly endsWithTail: boolean;
}

export function compilePattern(source: string): CompiledPattern {
  parseTopicPattern(source);
  const segments = source.split(SEGMENT_SEPARATOR);
  const endsWithTail = segments[segments.length - 1] === TAIL_WILDCARD;
  const head = endsWithTail ? segments.slice(0, -1) : segments;
  const exact = !endsWithTail && !head.includes(SINGLE_WILDCARD);
  return Object.freeze({ source, exact, head: Object.freeze(head), endsWithTail });
}

export function matchesTopic(pattern: CompiledPattern, topicSegments: readonly string[]): boolean {
  const { head } = pattern;
  if (pattern.endsWithTail ? topicSegments.length <= head.length : topicSegments.length !== head.length) return false;
  for (let index = 0; index < head.length; index++) {
    const wanted = head[index];
    if (wanted !== SINGLE_WILDCARD && wanted !== topicSegments[index]) return false;
  }
  return true;
}

export function splitTopic(topic: string): string[] {
  return topic.split(SEGMENT_SEPARATOR);
}

/** Whether concrete `topic` matches `pattern` (for code outside the bus, e.g. filtering a replay). */
export function matchesPattern(pattern: string, topic: string): boolean {
  return matchesTopic(compilePattern(pattern), splitTopic(topic));
}
