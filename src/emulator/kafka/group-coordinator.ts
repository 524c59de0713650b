import { randomUUID } from 'node:crypto';
import { ErrorCode } from './error-codes.js';
import type { CommittedOffset, GroupOffsets, OffsetStore } from './offset-store.js';

export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export interface JoinRequest {
  groupId: string;
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: { name: string; metadata: Buffer }[];
}

export interface JoinResult {
  errorCode: number;
  generationId: number;
  protocolName: string;
  leader: string;
  memberId: string;
  members: { memberId: string; groupInstanceId: string | null; metadata: Buffer }[];
}

interface Member {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: { name: string; metadata: Buffer }[];
  assignment: Buffer;
  sessionTimer?: NodeJS.Timeout;
  pendingJoin?: (result: JoinResult) => void;
  pendingSync?: (result: { errorCode: number; assignment: Buffer }) => void;
}

interface Group {
  groupId: string;
  state: GroupState;
  generationId: number;
  protocolType: string;
  protocolName: string;
  leader: string;
  members: Map<string, Member>;
  rebalanceTimer?: NodeJS.Timeout;
}

export interface GroupSummary {
  groupId: string;
  state: GroupState;
  protocolType: string;
  protocolName: string;
  members: { memberId: string; groupInstanceId: string | null; clientId: string; clientHost: string; metadata: Buffer; assignment: Buffer }[];
}

const MIN_SESSION_TIMEOUT_MS = 1000;
const MAX_SESSION_TIMEOUT_MS = 1_800_000;
const EMPTY = Buffer.alloc(0);

/**
 * The classic consumer group protocol: a member joining, leaving or missing its session timeout starts a
 * rebalance; the rebalance completes when every member has rejoined or the rebalance timeout expires; the
 * leader computes the assignment and hands it over in SyncGroup.
 */
export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly offsets: OffsetStore,
    private readonly log: (line: string) => void,
  ) {}

  join(req: JoinRequest): Promise<JoinResult> {
    const fail = (errorCode: number, memberId = req.memberId): Promise<JoinResult> =>
      Promise.resolve({ errorCode, generationId: -1, protocolName: '', leader: '', memberId, members: [] });
    if (req.groupId === '') return fail(ErrorCode.INVALID_GROUP_ID);
    if (req.sessionTimeoutMs < MIN_SESSION_TIMEOUT_MS || req.sessionTimeoutMs > MAX_SESSION_TIMEOUT_MS) {
      return fail(ErrorCode.INVALID_SESSION_TIMEOUT);
    }
    const group = this.groupOf(req.groupId);
    if (group.members.size > 0) {
      const inconsistent = req.protocolType !== group.protocolType || !req.protocols.some((p) => this.everyoneSupports(group, p.name, req.memberId));
      if (inconsistent) return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    }
    let member: Member | undefined;
    if (req.memberId === '') {
      member = {
        memberId: `${req.clientId || 'member'}-${randomUUID()}`,
        groupInstanceId: req.groupInstanceId,
        clientId: req.clientId,
        clientHost: req.clientHost,
        sessionTimeoutMs: req.sessionTimeoutMs,
        rebalanceTimeoutMs: req.rebalanceTimeoutMs,
        protocolType: req.protocolType,
        protocols: req.protocols,
        assignment: EMPTY,
      };
      group.members.set(member.memberId, member);
      if (group.members.size === 1) group.protocolType = req.protocolType;
    } else {
      member = group.members.get(req.memberId);
      if (!member) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
      member.protocols = req.protocols;
      member.sessionTimeoutMs = req.sessionTimeoutMs;
      member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    }
    const joining = member;
    clearTimeout(joining.sessionTimer);
    // a second join from the same member (a retry) supersedes the first
    joining.pendingJoin?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, generationId: -1, protocolName: '', leader: '', memberId: joining.memberId, members: [] });
    const result = new Promise<JoinResult>((resolve) => {
      joining.pendingJoin = resolve;
    });
    if (group.state !== 'PreparingRebalance') this.prepareRebalance(group, `${joining.memberId} joined`);
    this.maybeCompleteJoin(group);
    return result;
  }

  sync(groupId: string, generationId: number, memberId: string, assignments: { memberId: string; assignment: Buffer }[]): Promise<{ errorCode: number; assignment: Buffer }> {
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return Promise.resolve({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
    if (generationId !== group.generationId) return Promise.resolve({ errorCode: ErrorCode.ILLEGAL_GENERATION, assignment: EMPTY });
    this.touch(group, member);
    if (group.state === 'PreparingRebalance') return Promise.resolve({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
    if (group.state === 'Stable') return Promise.resolve({ errorCode: ErrorCode.NONE, assignment: member.assignment });
    const result = new Promise<{ errorCode: number; assignment: Buffer }>((resolve) => {
      member.pendingSync = resolve;
    });
    if (memberId === group.leader) {
      const given = new Map(assignments.map((a) => [a.memberId, a.assignment]));
      for (const m of group.members.values()) m.assignment = given.get(m.memberId) ?? EMPTY;
      group.state = 'Stable';
      this.log(`group ${groupId}: generation ${group.generationId} stable with ${group.members.size} member(s)`);
      for (const m of group.members.values()) {
        m.pendingSync?.({ errorCode: ErrorCode.NONE, assignment: m.assignment });
        m.pendingSync = undefined;
      }
    }
    return result;
  }

  heartbeat(groupId: string, generationId: number, memberId: string): number {
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    this.touch(group, member);
    return group.state === 'PreparingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  leave(groupId: string, memberId: string): number {
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.removeMember(group, member, 'left the group');
    return ErrorCode.NONE;
  }

  /** Group-level check for OffsetCommit; NONE means the commit may be stored. */
  checkCommit(groupId: string, generationId: number, memberId: string): number {
    const group = this.groups.get(groupId);
    if (generationId < 0 && memberId === '') {
      // a "simple" commit from a client that manages partitions itself: only while nobody is in the group
      return !group || group.members.size === 0 ? ErrorCode.NONE : ErrorCode.ILLEGAL_GENERATION;
    }
    const member = group?.members.get(memberId);
    if (!group || !member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    if (group.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    this.touch(group, member);
    return ErrorCode.NONE;
  }

  commit(groupId: string, entries: { topic: string; partition: number; committed: CommittedOffset }[]): void {
    this.offsets.commit(groupId, entries);
  }

  committed(groupId: string): GroupOffsets | undefined {
    return this.offsets.get(groupId);
  }

  /** Every group with members or committed offsets. */
  list(): GroupSummary[] {
    const ids = new Set([...this.offsets.groupIds(), ...[...this.groups.values()].filter((g) => g.members.size > 0).map((g) => g.groupId)]);
    return [...ids].sort().map((id) => this.describe(id)!);
  }

  describe(groupId: string): GroupSummary | undefined {
    const group = this.groups.get(groupId);
    if (!group || group.members.size === 0) {
      if (!this.offsets.get(groupId)) return undefined;
      return { groupId, state: 'Empty', protocolType: group?.protocolType ?? 'consumer', protocolName: '', members: [] };
    }
    return {
      groupId,
      state: group.state,
      protocolType: group.protocolType,
      protocolName: group.state === 'Stable' || group.state === 'CompletingRebalance' ? group.protocolName : '',
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: m.protocols.find((p) => p.name === group.protocolName)?.metadata ?? EMPTY,
        assignment: m.assignment,
      })),
    };
  }

  /** Deletes an empty group's committed offsets. Returns an error code. */
  deleteGroup(groupId: string): number {
    const group = this.groups.get(groupId);
    if (group && group.members.size > 0) return ErrorCode.NON_EMPTY_GROUP;
    this.groups.delete(groupId);
    return this.offsets.delete(groupId) || group ? ErrorCode.NONE : ErrorCode.GROUP_ID_NOT_FOUND;
  }

  close(): void {
    for (const group of this.groups.values()) {
      clearTimeout(group.rebalanceTimer);
      for (const m of group.members.values()) clearTimeout(m.sessionTimer);
    }
    this.groups.clear();
  }

  private groupOf(groupId: string): Group {
    let group = this.groups.get(groupId);
    if (!group) {
      group = { groupId, state: 'Empty', generationId: 0, protocolType: '', protocolName: '', leader: '', members: new Map() };
      this.groups.set(groupId, group);
    }
    return group;
  }

  private everyoneSupports(group: Group, protocol: string, except: string): boolean {
    for (const m of group.members.values()) {
      if (m.memberId !== except && !m.protocols.some((p) => p.name === protocol)) return false;
    }
    return true;
  }

  private prepareRebalance(group: Group, reason: string): void {
    this.log(`group ${group.groupId}: rebalance (${reason})`);
    for (const m of group.members.values()) {
      m.pendingSync?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
      m.pendingSync = undefined;
    }
    group.state = 'PreparingRebalance';
    clearTimeout(group.rebalanceTimer);
    const timeout = Math.max(0, ...[...group.members.values()].map((m) => m.rebalanceTimeoutMs));
    group.rebalanceTimer = setTimeout(() => this.completeJoin(group), timeout);
  }

  private maybeCompleteJoin(group: Group): void {
    if (group.state !== 'PreparingRebalance') return;
    for (const m of group.members.values()) if (!m.pendingJoin) return;
    this.completeJoin(group);
  }

  private completeJoin(group: Group): void {
    clearTimeout(group.rebalanceTimer);
    group.rebalanceTimer = undefined;
    for (const m of [...group.members.values()]) {
      if (!m.pendingJoin) {
        clearTimeout(m.sessionTimer);
        group.members.delete(m.memberId);
        this.log(`group ${group.groupId}: ${m.memberId} removed (did not rejoin within the rebalance timeout)`);
      }
    }
    group.generationId++;
    if (group.members.size === 0) {
      group.state = 'Empty';
      group.leader = '';
      group.protocolName = '';
      return;
    }
    const first = group.members.values().next().value as Member;
    if (!group.members.has(group.leader)) group.leader = first.memberId;
    const leader = group.members.get(group.leader)!;
    group.protocolName = leader.protocols.find((p) => this.everyoneSupports(group, p.name, ''))?.name ?? first.protocols[0]?.name ?? '';
    group.state = 'CompletingRebalance';
    const everyone = [...group.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: m.protocols.find((p) => p.name === group.protocolName)?.metadata ?? EMPTY,
    }));
    for (const m of group.members.values()) {
      const resolve = m.pendingJoin!;
      m.pendingJoin = undefined;
      this.touch(group, m);
      resolve({
        errorCode: ErrorCode.NONE,
        generationId: group.generationId,
        protocolName: group.protocolName,
        leader: group.leader,
        memberId: m.memberId,
        members: m.memberId === group.leader ? everyone : [],
      });
    }
  }

  /** Restarts a member's session timer: any request from it proves it is alive. */
  private touch(group: Group, member: Member): void {
    clearTimeout(member.sessionTimer);
    if (member.pendingJoin) return;
    member.sessionTimer = setTimeout(() => this.removeMember(group, member, `session timeout ${member.sessionTimeoutMs} ms expired`), member.sessionTimeoutMs);
  }

  private removeMember(group: Group, member: Member, reason: string): void {
    if (group.members.get(member.memberId) !== member) return;
    clearTimeout(member.sessionTimer);
    group.members.delete(member.memberId);
    member.pendingJoin?.({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, generationId: -1, protocolName: '', leader: '', memberId: member.memberId, members: [] });
    member.pendingSync?.({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
    this.log(`group ${group.groupId}: ${member.memberId} ${reason}`);
    if (group.state === 'PreparingRebalance') this.maybeCompleteJoin(group);
    else if (group.members.size === 0) {
      clearTimeout(group.rebalanceTimer);
      group.state = 'Empty';
      group.generationId++;
    } else this.prepareRebalance(group, `${member.memberId} ${reason}`);
  }
}
