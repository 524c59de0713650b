/** Messages between the runtime (parent) and a function instance (the forked runner). JSON over the IPC channel. */

export interface InvocationContextFields {
  requestId: string;
  region: string;
  accountId: string;
  function: { name: string; handler: string; memory: number; timeout: number };
  service: { name: string };
}

export interface InvokeMessage {
  type: 'invoke';
  context: InvocationContextFields;
  /** The event bytes, base64: JSON IPC cannot carry a Buffer. */
  eventBase64: string;
}

export type ParentMessage = InvokeMessage;

export interface LogMessage {
  type: 'log';
  requestId: string;
  level: 'info' | 'error';
  message: string;
}

export interface ResultMessage {
  type: 'result';
  requestId: string;
  status: 'ok' | 'error';
  payload: string;
}

export type ChildMessage = LogMessage | ResultMessage;
