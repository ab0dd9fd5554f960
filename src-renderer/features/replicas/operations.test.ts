import { describe, expect, it } from 'vitest';
import { ReplicaState } from '../../../src-shared/contract/replication';
import { OPERATIONS, allowedOperations, isAllowed, stateText } from './operations';
import { operationErrors, type OperationForm } from './operationForm';
import { replicaFixture } from './testing/replicaFixture';

describe('replica state → the operations it allows', () => {
  it('follows the engine state machine, state by state', () => {
    expect(allowedOperations('Ready')).toEqual(['failover']);
    expect(allowedOperations('Failover')).toEqual(['undoFailover', 'permanentFailover', 'failback']);
    expect(allowedOperations('ReadyToSwitch')).toEqual([]);
    expect(allowedOperations('Failback')).toEqual(['commitFailback', 'undoFailback']);
    expect(allowedOperations('PermanentFailover')).toEqual([]);
  });

  it('every state of the contract is mapped, and every operation is reachable from some state', () => {
    for (const state of ReplicaState.options) expect(Array.isArray(allowedOperations(state))).toBe(true);
    for (const op of OPERATIONS) expect(ReplicaState.options.some((st) => isAllowed(op, st))).toBe(true);
    expect(isAllowed('commitFailback', 'Failover')).toBe(false);
    expect(isAllowed('failover', 'Failover')).toBe(false);
  });

  it('names the states as admins read them', () => {
    expect(stateText('ReadyToSwitch')).toBe('Ready to switch');
    expect(stateText('PermanentFailover')).toBe('Permanent failover');
    expect(stateText('Failback')).toBe('Failback');
  });
});

describe('operation dialog checks', () => {
  const form: OperationForm = { reason: '', pointId: 'p2', planned: false, failbackTo: 'original', toHostId: '', path: '' };
  const replica = replicaFixture();

  it('failover needs a point of this replica unless planned', () => {
    expect(operationErrors('failover', form, replica)).toEqual({});
    expect(operationErrors('failover', { ...form, pointId: 'gone' }, replica)).toEqual({ pointId: 'Choose a restore point' });
    expect(operationErrors('failover', { ...form, pointId: 'gone', planned: true }, replica)).toEqual({});
  });

  it('failback to a new location needs a host and a path; to the original VM nothing', () => {
    expect(operationErrors('failback', form, replica)).toEqual({});
    const errors = operationErrors('failback', { ...form, failbackTo: 'new', path: 'D:' }, replica);
    expect(Object.keys(errors).sort()).toEqual(['path', 'toHostId']);
    expect(operationErrors('failback', { ...form, failbackTo: 'new', toHostId: 'hv01', path: 'D:\\Hyper-V' }, replica)).toEqual({});
  });

  it('a reason over 500 characters is refused (the contract limit)', () => {
    expect(operationErrors('undoFailover', { ...form, reason: 'x'.repeat(501) }, replica)).toEqual({ reason: 'At most 500 characters' });
  });
});
