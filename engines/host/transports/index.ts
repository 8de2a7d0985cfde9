// Node-only transports of the protocol. The Host's index re-exports what it wants public.
export { attachWebSocketTransport, socketPayloadLimit, type WebSocketTransport, type WebSocketTransportOptions } from './websocket.js';
export { generateToken, tokenBytes, tokensEqual } from './token.js';
export { isLoopbackAddress, listenOnLoopback } from './loopback.js';
