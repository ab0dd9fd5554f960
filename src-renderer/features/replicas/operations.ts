// Which disaster-recovery operation a replica allows in which state (the engine's state machine, read from the
// typed Replica fact), and the words each operation's button and dialog use.
//   Ready --failover--> Failover --undo--> Ready
//   Failover --permanent--> PermanentFailover;  Failover --failback--> (Ready to switch) --> Failback
//   Failback --commit--> Ready;  Failback --undo--> Failover
import type { ReplicaState } from '../../../src-shared/contract/replication';
import type { ReplicaOperation } from '../../store/slices/replicas/state';

const ALLOWED: Record<ReplicaState, ReplicaOperation[]> = {
  Ready: ['failover'],
  Failover: ['undoFailover', 'permanentFailover', 'failback'],
  // failback is under way (its changes sent, the switch to production next): nothing to start until it ends
  ReadyToSwitch: [],
  Failback: ['commitFailback', 'undoFailback'],
  // the replica is the production VM now and left the job
  PermanentFailover: [],
};

export const OPERATIONS: readonly ReplicaOperation[] = ['failover', 'undoFailover', 'permanentFailover', 'failback', 'commitFailback', 'undoFailback'];

export function allowedOperations(state: ReplicaState): ReplicaOperation[] {
  return ALLOWED[state];
}

export function isAllowed(op: ReplicaOperation, state: ReplicaState): boolean {
  return ALLOWED[state].includes(op);
}

export interface OperationWords {
  /** the command bar button */
  label: string;
  /** dialog title, with the replica's name */
  title(name: string): string;
  /** what it does, in the dialog */
  explains: string;
  submit: string;
  running: string;
}

export const OPERATION_WORDS: Record<ReplicaOperation, OperationWords> = {
  failover: {
    label: 'Failover',
    title: (n) => `Fail over to ${n}`,
    explains: 'Starts the replica VM on the target host from the chosen restore point. Its writes go on top of that point, which stays untouched.',
    submit: 'Fail over',
    running: 'Failing over…',
  },
  undoFailover: {
    label: 'Undo failover',
    title: (n) => `Undo failover of ${n}`,
    explains: 'Powers the replica off and discards everything it wrote since the failover. The replica is Ready again and replication resumes.',
    submit: 'Undo failover',
    running: 'Undoing the failover…',
  },
  permanentFailover: {
    label: 'Permanent failover',
    title: (n) => `Permanent failover to ${n}`,
    explains: 'The replica becomes the production VM: its restore points are merged into it and the source VM leaves the replication job.',
    submit: 'Make permanent',
    running: 'Making the failover permanent…',
  },
  failback: {
    label: 'Failback',
    title: (n) => `Fail back from ${n}`,
    explains: 'Sends the blocks the replica changed back to production, then runs production again. Commit or undo the failback afterwards.',
    submit: 'Fail back',
    running: 'Failing back…',
  },
  commitFailback: {
    label: 'Commit failback',
    title: (n) => `Commit failback of ${n}`,
    explains: 'Production keeps running with the replica’s data; the replica goes back to Ready and replication resumes.',
    submit: 'Commit failback',
    running: 'Committing the failback…',
  },
  undoFailback: {
    label: 'Undo failback',
    title: (n) => `Undo failback of ${n}`,
    explains: 'Powers production off again and runs the replica: back to Failover.',
    submit: 'Undo failback',
    running: 'Undoing the failback…',
  },
};

/** "Ready to switch" as admins read it. */
export function stateText(state: ReplicaState): string {
  switch (state) {
    case 'ReadyToSwitch':
      return 'Ready to switch';
    case 'PermanentFailover':
      return 'Permanent failover';
    default:
      return state;
  }
}
