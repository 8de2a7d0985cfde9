// Public API of the protocol: envelope schemas, the method table, server, client, transports.
// Isomorphic like the rest of engines/core; the Node WebSocket server is engines/host/transports.
export {
  createFrameConnection,
  TransportKinds,
  type FrameConnection,
  type FrameConnectionControl,
  type FrameIo,
  type RemoveListener,
  type TransportKind,
} from './connection.js';
export { exceedsUtf8Bytes, utf8ByteLength } from './frame-size.js';
export {
  CallMessage,
  ErrorMessage,
  ErrorPayload,
  EventMessage,
  MessageId,
  parseServerMessage,
  ReservedMethod,
  ResultMessage,
  SubscribeParams,
  SubscribeResult,
  SubscriptionId,
  UnsubscribeParams,
  UnsubscribeResult,
  type ServerMessage,
} from './messages.js';
export { defineMethod, type CheckedMethodTable, type MethodDefinition, type MethodNamePattern } from './method-table.js';
export {
  engineStateSchema,
  isMethodName,
  maxEchoTextLength,
  methodDefinition,
  methodNames,
  methods,
  SystemHealth,
  type HandlerParams,
  type HandlerResult,
  type MethodName,
  type MethodParams,
  type MethodResult,
  type MethodTable,
} from './methods.js';
export {
  ProtocolServer,
  ProtocolServerConfig,
  type CallContext,
  type ConnectionId,
  type MethodHandler,
  type MethodHandlers,
  type ProtocolBus,
  type ProtocolServerOptions,
} from './server.js';
export {
  ProtocolClient,
  ProtocolClientConfig,
  type CallArgs,
  type CallOptions,
  type DisposeSubscription,
  type ProtocolClientOptions,
  type ProtocolEvent,
  type ProtocolEventHandler,
} from './client.js';
export { createSystemHandlers, type EngineHealth, type SystemHandlers, type SystemHandlersOptions } from './system-handlers.js';
export { closeNames } from './suggest.js';
export { createInProcessPair, type InProcessPair } from './transports/in-process.js';
export { messagePortConnection, type MessagePortLike, type PortListener } from './transports/message-port.js';
export {
  connectWebSocket,
  webSocketConnection,
  type ConnectWebSocketOptions,
  type WebSocketConstructorLike,
  type WebSocketLike,
} from './transports/websocket-client.js';
export {
  defineProtocolConformance,
  type ConformanceSetup,
  type ConformanceTransport,
  type ConformanceTransportFactory,
  type VitestApi,
} from './conformance.js';
