/**
 * The real Electron module, adapted to {@link ElectronApi}. The only run-time import of
 * 'electron' in the main process; the compiler checks that the real API fits the interface.
 */
import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  nativeImage,
  net,
  Notification,
  powerMonitor,
  safeStorage,
  screen,
  session,
  shell,
  Tray,
  type NativeImage,
} from 'electron';
import type { ElectronApi, TrayApi, TrayImage } from './electron-api';

function toNativeImage(image: TrayImage): NativeImage {
  const { pixels } = image;
  return nativeImage.createFromBitmap(
    Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength),
    { width: image.width, height: image.height, scaleFactor: image.scaleFactor },
  );
}

function createTray(image: TrayImage): TrayApi {
  const tray = new Tray(toNativeImage(image));
  return {
    setToolTip: (toolTip) => tray.setToolTip(toolTip),
    setTitle: (title) => tray.setTitle(title),
    setImage: (next) => tray.setImage(toNativeImage(next)),
    setContextMenu: (template) => tray.setContextMenu(Menu.buildFromTemplate(template)),
    on: (event, listener) => tray.on(event, listener),
    destroy: () => tray.destroy(),
  };
}

export const electron: ElectronApi = {
  app,
  ipcMain,
  shell,
  platform: process.platform,
  defaultSession: () => session.defaultSession,
  screen: () => screen,
  createWindow: (options) => new BrowserWindow(options),
  createTray,
  notificationsSupported: () => Notification.isSupported(),
  createNotification: (options) => new Notification(options),
  powerMonitor: () => powerMonitor,
  safeStorage,
  net: {
    isOnline: () => net.isOnline(),
    fetch: (url, init) => net.fetch(url, init),
  },
};
