/**
 * Exactly the part of Electron the main process uses, as small structural interfaces. The
 * real module is adapted in electron-adapter.ts (the compiler proves it fits); tests use a
 * fake. Nothing else in electron/main imports 'electron' at run time.
 */
import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';

export type { BrowserWindowConstructorOptions, Rectangle };

export interface PreventableEvent {
  preventDefault(): void;
}

export interface FrameApi {
  readonly url: string;
  /** null for a top-level frame. */
  readonly parent: FrameApi | null;
}

/** The web contents that sent an IPC message. */
export interface IpcSenderContents {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  on(event: 'destroyed', listener: () => void): unknown;
}

export interface IpcSenderEvent {
  readonly sender: IpcSenderContents;
  /** null when the frame navigated away or was destroyed meanwhile. */
  readonly senderFrame: FrameApi | null;
}

export interface IpcMainApi {
  handle(channel: string, listener: (event: IpcSenderEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: IpcSenderEvent, ...args: unknown[]) => void): unknown;
  removeListener(
    channel: string,
    listener: (event: IpcSenderEvent, ...args: unknown[]) => void,
  ): unknown;
}

export interface WindowOpenDecision {
  action: 'deny';
}

/** What the navigation guard needs of any web contents. */
export interface GuardedContents {
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenDecision): void;
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

export interface WindowContents extends IpcSenderContents {
  readonly mainFrame: FrameApi;
}

export interface WindowApi {
  readonly webContents: WindowContents;
  loadURL(url: string): Promise<void>;
  loadFile(filePath: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  maximize(): void;
  isMinimized(): boolean;
  isMaximized(): boolean;
  isDestroyed(): boolean;
  getNormalBounds(): Rectangle;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
}

export interface AppApi {
  readonly isPackaged: boolean;
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<void>;
  getPath(name: 'userData'): string;
  quit(): void;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'activate', listener: () => void): unknown;
  on(event: 'will-quit', listener: (event: PreventableEvent) => void): unknown;
  on(
    event: 'web-contents-created',
    listener: (event: unknown, contents: GuardedContents) => void,
  ): unknown;
}

export interface HeadersReceivedDetails {
  url: string;
  responseHeaders?: Record<string, string[]>;
}

export interface SessionApi {
  webRequest: {
    onHeadersReceived(
      listener: (
        details: HeadersReceivedDetails,
        callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
      ) => void,
    ): void;
  };
}

export interface ShellApi {
  openExternal(url: string): Promise<void>;
}

export interface ScreenApi {
  getAllDisplays(): { workArea: Rectangle }[];
}

/** A bitmap in BGRA order (as `nativeImage.createFromBitmap` takes it). */
export interface TrayImage {
  pixels: Uint8Array;
  width: number;
  height: number;
  /** Device pixels per point: 2 for a 32-pixel image shown at 16 points. */
  scaleFactor: number;
}

/** A context-menu item; the adapter builds the real Menu from these. */
export interface MenuItemTemplate {
  label?: string;
  type?: 'normal' | 'separator' | 'submenu';
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuItemTemplate[];
}

export interface TrayApi {
  setToolTip(toolTip: string): void;
  /** The text beside the icon in the macOS menu bar; ignored elsewhere. */
  setTitle(title: string): void;
  setImage(image: TrayImage): void;
  setContextMenu(template: MenuItemTemplate[]): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface NotificationOptions {
  title: string;
  body: string;
  silent?: boolean;
  urgency?: 'normal' | 'critical' | 'low';
  /** Buttons, where the system shows them (macOS, Windows). */
  actions?: { type: 'button'; text: string }[];
}

export interface NotificationApi {
  show(): void;
  close(): void;
  on(event: 'click', listener: () => void): unknown;
  /** Electron passes `{ actionIndex }` first (and, deprecated, the index second). */
  on(
    event: 'action',
    listener: (details: { actionIndex?: number } | undefined, actionIndex?: number) => void,
  ): unknown;
  on(event: 'close', listener: () => void): unknown;
}

export interface PowerMonitorApi {
  /** The system woke from sleep. */
  on(event: 'resume', listener: () => void): unknown;
}

/** The operating system's keychain, through Electron (DPAPI, Keychain, libsecret/kwallet). */
export interface SafeStorageApi {
  /** Available once the app is ready; false where no keychain backs it. */
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export interface NetApi {
  /** Chromium's view of the network: false when certainly offline. */
  isOnline(): boolean;
  /**
   * fetch over Chromium's network stack (system proxies, certificates); its bodies stream.
   * Available once the app is ready.
   */
  fetch(url: string, init?: RequestInit): Promise<Response>;
}

export interface ElectronApi {
  readonly app: AppApi;
  readonly ipcMain: IpcMainApi;
  readonly shell: ShellApi;
  /** `process.platform` of the main process ('darwin', 'win32', 'linux'…). */
  readonly platform: string;
  /** Available once the app is ready. */
  defaultSession(): SessionApi;
  /** Available once the app is ready. */
  screen(): ScreenApi;
  createWindow(options: BrowserWindowConstructorOptions): WindowApi;
  /** Available once the app is ready. */
  createTray(image: TrayImage): TrayApi;
  notificationsSupported(): boolean;
  createNotification(options: NotificationOptions): NotificationApi;
  /** Available once the app is ready. */
  powerMonitor(): PowerMonitorApi;
  readonly safeStorage: SafeStorageApi;
  readonly net: NetApi;
}
