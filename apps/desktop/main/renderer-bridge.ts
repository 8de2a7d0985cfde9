// Connects the renderer to the in-process Host: on request from our own frame, open a
// MessageChannelMain, serve the protocol on one end and hand the other to the preload.
import { MessageChannelMain, ipcMain, type BrowserWindow, type IpcMainEvent } from 'electron';
import { messagePortConnection, type ProtocolServer } from '@nws/core';
import { IpcChannel } from '../common/ipc-channels.js';
import { isTrustedSender } from './trusted-sender.js';

export function bridgeRendererToHost(window: BrowserWindow, protocol: ProtocolServer, rendererUrl: string): () => void {
  const onRequest = (event: IpcMainEvent): void => {
    if (!isTrustedSender(event.senderFrame, { mainFrame: window.webContents.mainFrame, rendererUrl })) return;
    const { port1, port2 } = new MessageChannelMain();
    protocol.accept(messagePortConnection(port1));
    event.sender.postMessage(IpcChannel.portDelivery, null, [port2]);
  };
  ipcMain.on(IpcChannel.requestPort, onRequest);
  return () => ipcMain.removeAllListeners(IpcChannel.requestPort);
}
