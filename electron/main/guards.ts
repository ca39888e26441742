import { isAppUrl } from './appProtocol.js';

/**
 * The security decisions of the desktop shell, as plain functions (no Electron import) so they are
 * unit-tested: who may call the API, which links leave the app, which permissions a page gets.
 */

/** The part of Electron's WebFrameMain that the sender check reads. */
export interface SenderFrame {
  url: string;
  /** null for the top frame of the window. */
  parent: unknown;
}

/**
 * Why an IPC call is refused, or null when it comes from the top frame of our own app:// page.
 * A frame that is gone (null), a sub-frame, or any other URL (file://, http://, data:, another
 * app:// host) is refused.
 */
export const senderRefusal = (frame: SenderFrame | null | undefined): string | null => {
  if (!frame) return 'the calling page is gone';
  if (frame.parent !== null && frame.parent !== undefined) return 'calls are only accepted from the app window, not from a frame inside it';
  if (!isAppUrl(frame.url)) return `calls are only accepted from the Countersign app, not from ${describeUrl(frame.url)}`;
  return null;
};

const describeUrl = (url: string): string => {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'file:' || parsed.protocol === 'data:' ? `a ${parsed.protocol} page` : parsed.origin === 'null' ? `${parsed.protocol}//${parsed.host}` : parsed.origin;
  } catch {
    return 'an unknown page';
  }
};

/** A link the user clicked that should open in the default browser: https only, no credentials. */
export const externalUrlToOpen = (url: string): string | null => {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '' || parsed.hostname === '') return null;
    return parsed.href;
  } catch {
    return null;
  }
};

/** Navigation of the window is allowed only within our own origin (a reload of the app). */
export const isNavigationAllowed = (url: string): boolean => isAppUrl(url);

/** Every permission request and check (camera, notifications, clipboard read, ...) is denied. */
export const isPermissionGranted = (_permission: string): boolean => false;
