/**
 * The real Electron module, adapted to {@link ElectronApi}. The only run-time import of
 * 'electron' in the main process; the compiler checks that the real API fits the interface.
 */
import { app, BrowserWindow, ipcMain, screen, session, shell } from 'electron';
import type { ElectronApi } from './electron-api';

export const electron: ElectronApi = {
  app,
  ipcMain,
  shell,
  defaultSession: () => session.defaultSession,
  screen: () => screen,
  createWindow: (options) => new BrowserWindow(options),
};
