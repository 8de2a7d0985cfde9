// Preload (sandboxed, isolated world): asks main for a protocol port, wraps it in a ProtocolClient
// and exposes exactly one object, `window.nws`. Nothing else crosses into the renderer.
import { contextBridge, ipcRenderer } from 'electron';
import { ProtocolClient, messagePortConnection } from '@nws/core';
import { IpcChannel } from '../common/ipc-channels.js';
import { createNwsApi } from './nws-api.js';

const client = new Promise<ProtocolClient>((resolve) => {
  ipcRenderer.once(IpcChannel.portDelivery, (event) => {
    const [port] = event.ports;
    if (port !== undefined) resolve(new ProtocolClient(messagePortConnection(port)));
  });
});
ipcRenderer.send(IpcChannel.requestPort);

contextBridge.exposeInMainWorld('nws', createNwsApi(client));
