// The slice's state and actions as types, apart from its creator: the bound store's type (store/types.ts) is built
// from these without importing the creators, which import it (no import cycle).
import type { Inventory } from '../../../../src-shared/domain';
import type { Loadable } from '../../loadable';

export interface InventorySlice {
  inventory: Loadable<Inventory>;
  fetchInventory(): Promise<void>;
}
