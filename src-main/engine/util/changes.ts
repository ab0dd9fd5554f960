import type { ChangedWhat } from '../../../src-shared/contract/events';

/** Told after every change a console must refetch (the service turns it into an `app.changed` event). */
export type ChangeListener = (what: ChangedWhat) => void;
