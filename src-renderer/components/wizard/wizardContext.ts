// Each open wizard has its own vanilla store (so closing drops its state and reopening starts clean);
// its steps reach it through a context made here.
import { createContext, useContext } from 'react';
import { useStore, type StoreApi } from 'zustand';

export function createWizardContext<State>(hookName: string) {
  const Context = createContext<StoreApi<State> | null>(null);
  function useWizard<T>(selector: (state: State) => T): T {
    const store = useContext(Context);
    if (!store) throw new Error(`${hookName} outside its wizard's context`);
    return useStore(store, selector);
  }
  return { Context, useWizard };
}
