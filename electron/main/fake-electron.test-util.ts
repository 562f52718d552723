/**
 * A fake of the Electron surface in electron-api.ts, plus a fake ipcRenderer and
 * contextBridge, all in one Node process. It behaves where it matters for the tests:
 * IPC is asynchronous and structured-cloned, invoke errors arrive as Electron words them,
 * events carry the sending frame, contextBridge re-wraps every function that crosses it,
 * and quitting emits a preventable 'will-quit'. Nothing here launches Electron.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Role } from '../../shared/domain';
import type {
  AppApi,
  BrowserWindowConstructorOptions,
  ElectronApi,
  FrameApi,
  HeadersReceivedDetails,
  IpcMainApi,
  IpcSenderEvent,
  MenuItemTemplate,
  NotificationApi,
  NotificationOptions,
  NetApi,
  PowerMonitorApi,
  PreventableEvent,
  Rectangle,
  SafeStorageApi,
  ScreenApi,
  SessionApi,
  ShellApi,
  TrayApi,
  TrayImage,
  WindowApi,
  WindowContents,
  WindowOpenDecision,
} from './electron-api';
import { IDENTITY_FILE } from './local-actor';
import type { Logger } from './logger';

type Listener = (...args: unknown[]) => void;

/** Lets pending IPC hops and promise chains run. */
export function hop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

class FakePreventableEvent implements PreventableEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeFrame implements FrameApi {
  constructor(
    public url: string,
    readonly parent: FakeFrame | null = null,
  ) {}
}

// ---------------------------------------------------------------------------------------
// IPC

export class FakeIpcMain implements IpcMainApi {
  private readonly handlers = new Map<
    string,
    (event: IpcSenderEvent, ...args: unknown[]) => unknown
  >();
  private readonly listeners = new Map<string, Set<Listener>>();

  handle(channel: string, listener: (event: IpcSenderEvent, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  on(channel: string, listener: (event: IpcSenderEvent, ...args: unknown[]) => void): this {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener as Listener);
    return this;
  }

  removeListener(
    channel: string,
    listener: (event: IpcSenderEvent, ...args: unknown[]) => void,
  ): this {
    this.listeners.get(channel)?.delete(listener as Listener);
    return this;
  }

  hasHandler(channel: string): boolean {
    return this.handlers.has(channel);
  }

  listenerCount(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0;
  }

  /** ipcRenderer.invoke arriving in main. */
  async receiveInvoke(event: IpcSenderEvent, channel: string, args: unknown[]): Promise<unknown> {
    await hop();
    const handler = this.handlers.get(channel);
    if (!handler) {
      throw new Error(
        `Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`,
      );
    }
    try {
      return structuredClone(await handler(event, ...structuredClone(args)));
    } catch (error) {
      throw new Error(`Error invoking remote method '${channel}': ${String(error)}`, {
        cause: error,
      });
    }
  }

  /** ipcRenderer.send / postMessage arriving in main. */
  receiveMessage(event: IpcSenderEvent, channel: string, args: unknown[]): void {
    const cloned = structuredClone(args);
    setImmediate(() => {
      for (const listener of [...(this.listeners.get(channel) ?? [])]) listener(event, ...cloned);
    });
  }
}

/** The renderer end of one frame's IPC, as the preload script sees ipcRenderer. */
export class FakeIpcRenderer {
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    private readonly ipcMain: FakeIpcMain,
    private readonly contents: FakeWebContents,
    readonly frame: FakeFrame,
  ) {}

  private event(): IpcSenderEvent {
    return { sender: this.contents, senderFrame: this.contents.isDestroyed() ? null : this.frame };
  }

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    return this.ipcMain.receiveInvoke(this.event(), channel, args);
  }

  postMessage(channel: string, message: unknown): void {
    this.ipcMain.receiveMessage(this.event(), channel, [message]);
  }

  send(channel: string, ...args: unknown[]): void {
    this.ipcMain.receiveMessage(this.event(), channel, args);
  }

  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): this {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    return this;
  }

  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }

  listenerCount(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0;
  }

  /** webContents.send arriving in this frame. The event's `sender` is this ipcRenderer. */
  deliver(channel: string, args: unknown[]): void {
    const cloned = structuredClone(args);
    setImmediate(() => {
      for (const listener of [...(this.listeners.get(channel) ?? [])]) {
        listener({ sender: this }, ...cloned);
      }
    });
  }
}

// ---------------------------------------------------------------------------------------
// Web contents and windows

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter implements WindowContents {
  readonly id = nextContentsId++;
  readonly mainFrame: FakeFrame;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  private readonly renderers: FakeIpcRenderer[] = [];
  private windowOpenHandler?: (details: { url: string }) => WindowOpenDecision;
  private destroyed = false;

  constructor(
    private readonly ipcMain: FakeIpcMain,
    url = 'about:blank',
  ) {
    super();
    this.mainFrame = new FakeFrame(url);
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
    for (const renderer of this.renderers) {
      if (renderer.frame === this.mainFrame) renderer.deliver(channel, args);
    }
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenDecision): void {
    this.windowOpenHandler = handler;
  }

  /** The ipcRenderer of the main frame, or of a new subframe showing `subframeUrl`. */
  ipcRenderer(subframeUrl?: string): FakeIpcRenderer {
    const frame =
      subframeUrl === undefined ? this.mainFrame : new FakeFrame(subframeUrl, this.mainFrame);
    const renderer = new FakeIpcRenderer(this.ipcMain, this, frame);
    this.renderers.push(renderer);
    return renderer;
  }

  /** The page tries to navigate; returns whether the navigation went ahead. */
  navigate(url: string): boolean {
    const event = new FakePreventableEvent();
    this.emit('will-navigate', event, url);
    if (!event.defaultPrevented) this.mainFrame.url = url;
    return !event.defaultPrevented;
  }

  /** A server redirects the page; returns whether the redirect went ahead. */
  redirect(url: string): boolean {
    const event = new FakePreventableEvent();
    this.emit('will-redirect', event, url);
    if (!event.defaultPrevented) this.mainFrame.url = url;
    return !event.defaultPrevented;
  }

  /** The page calls window.open or follows a target=_blank link. */
  openWindow(url: string): WindowOpenDecision['action'] | 'allow' {
    return this.windowOpenHandler ? this.windowOpenHandler({ url }).action : 'allow';
  }

  /** The page contains a <webview>; returns whether it was attached. */
  attachWebview(): boolean {
    const event = new FakePreventableEvent();
    this.emit('will-attach-webview', event);
    return !event.defaultPrevented;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('destroyed');
  }
}

export class FakeBrowserWindow extends EventEmitter implements WindowApi {
  readonly webContents: FakeWebContents;
  shown = false;
  focusCount = 0;
  private minimized = false;
  private maximized = false;
  private destroyed = false;
  private bounds: Rectangle;

  constructor(
    private readonly electron: FakeElectron,
    readonly options: BrowserWindowConstructorOptions,
  ) {
    super();
    this.webContents = new FakeWebContents(electron.ipcMain);
    this.bounds = {
      x: options.x ?? 100,
      y: options.y ?? 100,
      width: options.width ?? 800,
      height: options.height ?? 600,
    };
  }

  loadURL(url: string): Promise<void> {
    this.webContents.mainFrame.url = url;
    setImmediate(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }

  loadFile(filePath: string): Promise<void> {
    return this.loadURL(pathToFileURL(filePath).href);
  }

  show(): void {
    this.shown = true;
    this.minimized = false;
  }

  focus(): void {
    this.focusCount += 1;
  }

  restore(): void {
    this.minimized = false;
  }

  minimize(): void {
    this.minimized = true;
  }

  maximize(): void {
    this.maximized = true;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  isMaximized(): boolean {
    return this.maximized;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  getNormalBounds(): Rectangle {
    return { ...this.bounds };
  }

  /** The user moves or resizes the window. */
  setBounds(bounds: Rectangle): void {
    this.bounds = { ...bounds };
  }

  /** The user closes the window. */
  close(): void {
    if (this.destroyed) return;
    this.emit('close', new FakePreventableEvent());
    this.destroyed = true;
    this.webContents.destroy();
    this.emit('closed');
    this.electron.windowClosed(this);
  }
}

// ---------------------------------------------------------------------------------------
// App, session, shell, screen

/** The operating system's view of which instance holds the single-instance lock. */
export class FakeInstanceLocks {
  private holder: FakeApp | undefined;

  acquire(app: FakeApp): boolean {
    if (!this.holder || this.holder === app || this.holder.quitted) {
      this.holder = app;
      return true;
    }
    this.holder.emit('second-instance', new FakePreventableEvent(), [], process.cwd(), {});
    return false;
  }
}

export class FakeApp extends EventEmitter implements AppApi {
  isPackaged = false;
  quitted = false;
  quitRequests = 0;
  private resolveReady!: () => void;
  private readonly ready = new Promise<void>((resolve) => (this.resolveReady = resolve));
  private quitting = false;

  constructor(
    private readonly electron: FakeElectron,
    private readonly locks: FakeInstanceLocks,
    private readonly userData: string,
  ) {
    super();
  }

  requestSingleInstanceLock(): boolean {
    return this.locks.acquire(this);
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  /** Electron finished starting. */
  becomeReady(): void {
    this.electron.isReady = true;
    this.resolveReady();
  }

  getPath(name: 'userData'): string {
    if (name !== 'userData') throw new Error(`No path for '${String(name)}'`);
    return this.userData;
  }

  quit(): void {
    this.quitRequests += 1;
    if (this.quitted) return;
    this.quitting = true;
    for (const window of [...this.electron.windows]) window.close();
    const event = new FakePreventableEvent();
    this.emit('will-quit', event);
    if (!event.defaultPrevented) this.quitted = true;
    this.quitting = false;
  }

  isQuitting(): boolean {
    return this.quitting;
  }
}

export class FakeSession implements SessionApi {
  private listener?: Parameters<SessionApi['webRequest']['onHeadersReceived']>[0];

  readonly webRequest: SessionApi['webRequest'] = {
    onHeadersReceived: (listener) => {
      this.listener = listener;
    },
  };

  /** A response arrives; returns the headers the page will see. */
  receive(
    url: string,
    responseHeaders: Record<string, string[]> = {},
  ): Record<string, string | string[]> {
    const details: HeadersReceivedDetails = { url, responseHeaders };
    if (!this.listener) return responseHeaders;
    let result: Record<string, string | string[]> | undefined;
    this.listener(details, (response) => {
      result = response.responseHeaders ?? responseHeaders;
    });
    if (!result) throw new Error('The headers listener did not call back');
    return result;
  }
}

export class FakeShell implements ShellApi {
  readonly opened: string[] = [];
  openExternal(url: string): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  }
}

export class FakeScreen implements ScreenApi {
  workAreas: Rectangle[] = [{ x: 0, y: 0, width: 1920, height: 1040 }];
  getAllDisplays(): { workArea: Rectangle }[] {
    return this.workAreas.map((workArea) => ({ workArea }));
  }
}

// ---------------------------------------------------------------------------------------
// Tray, notifications, power

export class FakeTray implements TrayApi {
  toolTip = '';
  title = '';
  menu: MenuItemTemplate[] = [];
  destroyed = false;
  /** How often the image was set (the first at creation). */
  imageChanges = 1;
  private readonly clickListeners: (() => void)[] = [];

  constructor(public image: TrayImage) {}

  private alive(): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
  }

  setToolTip(toolTip: string): void {
    this.alive();
    this.toolTip = toolTip;
  }

  setTitle(title: string): void {
    this.alive();
    this.title = title;
  }

  setImage(image: TrayImage): void {
    this.alive();
    this.image = image;
    this.imageChanges += 1;
  }

  setContextMenu(template: MenuItemTemplate[]): void {
    this.alive();
    this.menu = template;
  }

  on(_event: 'click', listener: () => void): this {
    this.clickListeners.push(listener);
    return this;
  }

  destroy(): void {
    this.destroyed = true;
  }

  /** The user clicks the icon. */
  click(): void {
    for (const listener of this.clickListeners) listener();
  }

  /** The labels of the menu's items (separators as '-'), submenus by their own labels. */
  labels(items: MenuItemTemplate[] = this.menu): string[] {
    return items.map((item) => (item.type === 'separator' ? '-' : (item.label ?? '')));
  }

  /** The item reached by following labels into submenus. */
  item(...path: string[]): MenuItemTemplate {
    let items = this.menu;
    let found: MenuItemTemplate | undefined;
    for (const label of path) {
      found = items.find((item) => item.label === label);
      if (!found)
        throw new Error(`No menu item '${label}' in ${JSON.stringify(this.labels(items))}`);
      items = found.submenu ?? [];
    }
    if (!found) throw new Error('No menu item');
    return found;
  }

  /** The user picks a menu item (a disabled one does nothing, as in Electron). */
  pick(...path: string[]): void {
    const item = this.item(...path);
    if (item.enabled !== false) item.click?.();
  }
}

export class FakeNotification implements NotificationApi {
  shown = false;
  closed = false;
  private readonly listeners = new Map<string, Listener[]>();

  constructor(readonly options: NotificationOptions) {}

  show(): void {
    this.shown = true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close');
  }

  on(event: 'click' | 'action' | 'close', listener: (...args: never[]) => void): this {
    const list = this.listeners.get(event) ?? [];
    list.push(listener as Listener);
    this.listeners.set(event, list);
    return this;
  }

  private emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }

  /** The user clicks the notification. */
  click(): void {
    this.emit('click');
  }

  /** The user presses one of its buttons (Electron 45 passes the details first). */
  pressAction(index: number): void {
    this.emit('action', { actionIndex: index }, index);
  }
}

export class FakePowerMonitor extends EventEmitter implements PowerMonitorApi {
  /** The system wakes from sleep. */
  resume(): void {
    this.emit('resume');
  }
}

/**
 * The keychain: strings round-trip through an encoding that is not the plain text, and
 * decrypting something it did not encrypt fails, as Electron's does. `available` false
 * models a system without a keychain (encrypting then throws, as Electron's does).
 */
export class FakeSafeStorage implements SafeStorageApi {
  available = true;
  private readonly prefix = Buffer.from('fake-keychain:');

  isEncryptionAvailable(): boolean {
    return this.available;
  }

  encryptString(plainText: string): Buffer {
    if (!this.available) throw new Error('Encryption is not available.');
    const bytes = Buffer.from(plainText, 'utf8').map((byte) => byte ^ 0x5a);
    return Buffer.concat([this.prefix, bytes]);
  }

  decryptString(encrypted: Buffer): string {
    if (!this.available) throw new Error('Decryption is not available.');
    if (!encrypted.subarray(0, this.prefix.length).equals(this.prefix)) {
      throw new Error(
        'Error while decrypting the ciphertext provided to safeStorage.decryptString.',
      );
    }
    return Buffer.from(encrypted.subarray(this.prefix.length).map((byte) => byte ^ 0x5a)).toString(
      'utf8',
    );
  }
}

/** The network as Chromium sees it: `online` is settable; fetch is Node's. */
export class FakeNet implements NetApi {
  online = true;

  isOnline(): boolean {
    return this.online;
  }

  fetch(url: string, init?: RequestInit): Promise<Response> {
    return globalThis.fetch(url, init);
  }
}

export interface FakeElectronOptions {
  userData?: string;
  locks?: FakeInstanceLocks;
  /** Default true: whenReady() resolves at once. */
  ready?: boolean;
  /** Default 'linux'. */
  platform?: string;
  /** Default true. */
  notificationsSupported?: boolean;
}

export class FakeElectron implements ElectronApi {
  /**
   * Writes the device's own identity as an administrator would (the default is a
   * technician, who may not set locations up): call before the app starts.
   */
  actLocallyAs(identity: { userId: string; role: Role; deviceId?: string }): this {
    writeFileSync(
      join(this.userData, IDENTITY_FILE),
      JSON.stringify({ deviceId: 'desk-1', ...identity }),
    );
    return this;
  }

  readonly ipcMain = new FakeIpcMain();
  readonly shell = new FakeShell();
  readonly session = new FakeSession();
  readonly fakeScreen = new FakeScreen();
  readonly app: FakeApp;
  readonly windows: FakeBrowserWindow[] = [];
  readonly createdWindows: FakeBrowserWindow[] = [];
  readonly userData: string;
  readonly platform: string;
  readonly trays: FakeTray[] = [];
  readonly notifications: FakeNotification[] = [];
  readonly fakePowerMonitor = new FakePowerMonitor();
  readonly safeStorage = new FakeSafeStorage();
  readonly net = new FakeNet();
  notificationSupport: boolean;
  isReady = false;
  private readonly ownsUserData: boolean;

  constructor(options: FakeElectronOptions = {}) {
    this.platform = options.platform ?? 'linux';
    this.notificationSupport = options.notificationsSupported ?? true;
    this.ownsUserData = options.userData === undefined;
    this.userData = options.userData ?? mkdtempSync(join(tmpdir(), 'autoescalate-electron-'));
    this.app = new FakeApp(this, options.locks ?? new FakeInstanceLocks(), this.userData);
    if (options.ready ?? true) this.app.becomeReady();
  }

  defaultSession(): SessionApi {
    if (!this.isReady) throw new Error('Session can only be received when app is ready');
    return this.session;
  }

  screen(): ScreenApi {
    if (!this.isReady)
      throw new Error("The 'screen' module can't be used before the app 'ready' event");
    return this.fakeScreen;
  }

  createWindow(options: BrowserWindowConstructorOptions): FakeBrowserWindow {
    if (!this.isReady) throw new Error('Cannot create BrowserWindow before app is ready');
    const window = new FakeBrowserWindow(this, options);
    this.windows.push(window);
    this.createdWindows.push(window);
    this.app.emit('web-contents-created', {}, window.webContents);
    return window;
  }

  createTray(image: TrayImage): FakeTray {
    if (!this.isReady) throw new Error('Cannot create Tray before app is ready');
    const tray = new FakeTray(image);
    this.trays.push(tray);
    return tray;
  }

  notificationsSupported(): boolean {
    return this.notificationSupport;
  }

  createNotification(options: NotificationOptions): FakeNotification {
    const notification = new FakeNotification(options);
    this.notifications.push(notification);
    return notification;
  }

  powerMonitor(): FakePowerMonitor {
    if (!this.isReady) {
      throw new Error("The 'powerMonitor' module can't be used before the app 'ready' event");
    }
    return this.fakePowerMonitor;
  }

  /** The notifications shown so far. */
  shownNotifications(): FakeNotification[] {
    return this.notifications.filter((n) => n.shown);
  }

  /** Web contents that are not one of the app's windows (another page, a devtools host). */
  createForeignContents(url: string): FakeWebContents {
    const contents = new FakeWebContents(this.ipcMain, url);
    this.app.emit('web-contents-created', {}, contents);
    return contents;
  }

  windowClosed(window: FakeBrowserWindow): void {
    const index = this.windows.indexOf(window);
    if (index >= 0) this.windows.splice(index, 1);
    if (this.windows.length === 0 && !this.app.isQuitting()) this.app.emit('window-all-closed');
  }

  /** Removes the user-data folder this fake created. */
  dispose(): void {
    if (this.ownsUserData) rmSync(this.userData, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------
// contextBridge

/**
 * What the page receives for a value the preload script exposes: a deep copy in which
 * every function is a fresh wrapper each time it crosses, in either direction, and errors
 * lose their class (as with Electron's contextBridge).
 */
export function acrossContextBridge<T>(value: T): T {
  return bridge(value) as T;
}

function bridge(value: unknown): unknown {
  if (typeof value === 'function') {
    const target = value as (...args: unknown[]) => unknown;
    return (...args: unknown[]) => bridge(Reflect.apply(target, undefined, args.map(bridge)));
  }
  if (value instanceof Promise) {
    return value.then(bridge, (error: unknown) => {
      throw error instanceof Error ? new Error(error.message) : error;
    });
  }
  if (value instanceof Error) return new Error(value.message);
  if (Array.isArray(value)) return value.map(bridge);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, bridge(item)]));
  }
  return value;
}

// ---------------------------------------------------------------------------------------
// Log

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
  details?: Record<string, unknown>;
}

/** A logger that keeps its entries, for asserting on what was refused. */
export function recordingLogger(): Logger & {
  entries: LogEntry[];
  messages(level?: LogEntry['level']): string[];
} {
  const entries: LogEntry[] = [];
  const record =
    (level: LogEntry['level']) =>
    (message: string, details?: Record<string, unknown>): void => {
      entries.push(details === undefined ? { level, message } : { level, message, details });
    };
  return {
    entries,
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    messages: (level) =>
      entries.filter((e) => level === undefined || e.level === level).map((e) => e.message),
  };
}
