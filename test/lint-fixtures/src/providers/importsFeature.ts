// Breaks: providers/ imports only shared/ and its own files.
import { SettingsStore } from '../config/settingsStore';

export const store = SettingsStore;
