/**
 * What the Electron preload exposes to the page, and the few names both Electron processes and
 * the renderer must agree on beyond the contract's methods: the doc-stream channels, the shape
 * of the window message that hands a doc's MessagePort to the page, and the attachment URL.
 *
 * The preload builds `PreloadApi` from the contract (one function per method, one per event:
 * never a generic `invoke(channel)`); `renderer/src/bridge/electron-transport.ts` is its only
 * reader. Results cross `contextBridge` as plain `CallOutcome` objects because class instances
 * (errors) do not survive it.
 */
import type { AttachmentId, DocId, WorkspaceId } from '../ids';
import { isAttachmentId, isId, isWorkspaceId } from '../ids';
import { CHANNEL_PREFIX, type Area, type BridgeEvents, type MethodName, type Unsubscribe } from './contract';
import type { CallOutcome } from './validate';

/** The global the preload defines in the page's main world: `window.commonplace`. */
export const PRELOAD_GLOBAL = 'commonplace';

export type PreloadMethods = {
  readonly [A in Area]: { readonly [M in MethodName<A>]: (args: unknown) => Promise<CallOutcome> };
};

export type PreloadEvents = {
  readonly [A in keyof BridgeEvents]: {
    readonly [E in keyof BridgeEvents[A] & string]: (cb: (payload: unknown) => void) => Unsubscribe;
  };
};

export interface PreloadApi {
  readonly methods: PreloadMethods;
  readonly events: PreloadEvents;
  /**
   * Asks the host to open a doc stream. On success the stream's MessagePort arrives as a window
   * message `{ type: DOC_PORT_MESSAGE, streamId }` with the port in `ports[0]`; closing that port
   * closes the host's end. Resolves once the host has opened (or refused) the stream.
   */
  openDoc(request: DocOpenRequest): Promise<CallOutcome>;
}

/** Renderer → main (invoke): open a doc stream. */
export const DOC_OPEN_CHANNEL = `${CHANNEL_PREFIX}doc-stream.open`;
/** Main → preload: the renderer's end of a doc stream, as a transferred MessagePort. */
export const DOC_PORT_CHANNEL = `${CHANNEL_PREFIX}doc-stream.port`;
/** Preload → main world (window.postMessage): the `type` tag of a relayed doc port. */
export const DOC_PORT_MESSAGE = 'commonplace:doc-port';

export interface DocOpenRequest {
  readonly workspaceId: WorkspaceId;
  readonly docId: DocId;
  /** Chosen by the renderer (random) to match the port that comes back with its request. */
  readonly streamId: string;
}

export interface DocPortMessage {
  readonly type: typeof DOC_PORT_MESSAGE;
  readonly streamId: string;
}

const STREAM_ID_PATTERN = /^[0-9A-Za-z-]{8,64}$/;

export const isStreamId = (value: unknown): value is string =>
  typeof value === 'string' && STREAM_ID_PATTERN.test(value);

/** Checks a doc-open request that came over IPC or from the page; a copy with only known keys. */
export function parseDocOpenRequest(raw: unknown): DocOpenRequest | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { workspaceId, docId, streamId } = raw as Record<string, unknown>;
  if (!isWorkspaceId(workspaceId) || !isId(docId) || !isStreamId(streamId)) return undefined;
  return { workspaceId, docId: docId as DocId, streamId };
}

export function isDocPortMessage(data: unknown): data is DocPortMessage {
  if (typeof data !== 'object' || data === null) return false;
  const { type, streamId } = data as Record<string, unknown>;
  return type === DOC_PORT_MESSAGE && isStreamId(streamId);
}

/** The scheme the Electron main process serves stored attachments on. */
export const ATTACHMENT_SCHEME = 'cp-attachment';

/** `cp-attachment://<workspaceId>/<attachmentId>`: what the renderer puts in an <img src>. */
export const attachmentUrl = (workspaceId: WorkspaceId, id: AttachmentId): string =>
  `${ATTACHMENT_SCHEME}://${workspaceId}/${id}`;

/** The inverse of `attachmentUrl`, or undefined for anything that is not exactly one. */
export function parseAttachmentUrl(raw: string): { workspaceId: WorkspaceId; id: AttachmentId } | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${ATTACHMENT_SCHEME}:` || url.username || url.password || url.port) return undefined;
  if (url.search || url.hash) return undefined;
  const workspaceId = url.hostname;
  const id = url.pathname.slice(1);
  if (!isWorkspaceId(workspaceId) || !isAttachmentId(id)) return undefined;
  return { workspaceId, id };
}
