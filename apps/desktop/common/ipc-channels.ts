// The only two IPC channels between preload and main. Everything else travels as protocol frames
// over the MessagePort that `portDelivery` carries.
export const IpcChannel = {
  /** preload → main: "give me a protocol port". */
  requestPort: 'nws:request-port',
  /** main → preload: the MessagePort, in the event's `ports`. */
  portDelivery: 'nws:port',
} as const;
