import type { EngineOperations } from '../../engine/facade/engine';
import type { HandlersOf } from '../dispatcher';

export const settingsHandlers = ({ settings }: EngineOperations): HandlersOf<'settings'> => ({
  'settings.get': () => settings.view(),
  'settings.set': (patch) => settings.set(patch),
});

export const notificationHandlers = ({ notifications }: EngineOperations): HandlersOf<'notifications'> => ({
  'notifications.test': ({ channel, notifications: draft, smtpPassword }) => notifications.test(channel, draft, smtpPassword),
  'notifications.deliveries': ({ limit }) => notifications.deliveries(limit),
  'notifications.retryNow': () => notifications.retryNow(),
});
