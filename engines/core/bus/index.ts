// The message bus: typed topics, wildcards, priorities, request/response, metrics, and the
// cross-thread bridge. Isomorphic: no node: imports below this folder (tests excepted).
export {
  type Topic,
  type TopicPattern,
  type Endpoint,
  type PayloadOf,
  TopicRoot,
  topics,
  patterns,
  endpoints,
  parseTopic,
  parseTopicPattern,
  parseEndpoint,
  topicProblem,
  encodeSegment,
  decodeSegment,
  instrumentSegments,
  instrumentIdFromSegments,
  defaultPriorityOf,
  SEGMENT_SEPARATOR,
  SINGLE_WILDCARD,
  TAIL_WILDCARD,
  MAX_TOPIC_LENGTH,
} from './topics.js';
export { type Priority, PRIORITIES, isPriority } from './priority.js';
export {
  type OverflowPolicy,
  type MessageBusConfig,
  type MessageBusConfigInput,
  OVERFLOW_POLICIES,
  messageBusConfigSchema,
  loadMessageBusConfig,
} from './config.js';
export type { BusMetrics, TopicMetrics, LatencyMetrics } from './metrics.js';
export {
  type EngineState,
  type EngineStatus,
  type JobState,
  type JobProgress,
  type LogLevel,
  type LogRecord,
  type RiskAlert,
  type RiskAlertLevel,
  type Alert,
  type AlertSeverity,
  type BusErrorEvent,
  type BusErrorKind,
  LOG_LEVELS,
} from './payloads.js';
export {
  MessageBus,
  type MessageHandler,
  type Responder,
  type Disposer,
  type PublishOptions,
  type SubscribeOptions,
  type RequestOptions,
  type MessageBusOptions,
} from './message-bus.js';
export { matchesPattern } from './pattern-match.js';
export { BusBridge, type BusBridgeOptions, type BusBridgeStats, type BridgePort } from './bridge.js';
