/**
 * The preload script (sandboxed, bundled into one CommonJS file): exposes the one narrow
 * {@link DesktopApi} to the page and nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { DESKTOP_API_KEY } from '../../shared/ipc/contract';
import { createDesktopApi } from './desktop-api';

contextBridge.exposeInMainWorld(DESKTOP_API_KEY, createDesktopApi(ipcRenderer));
