import type { BrokerAdmin } from '../contracts.js';
import { alikafkaActions } from './alikafka.js';
import { ALIKAFKA_RULES } from './api-metadata/alikafka.js';
import { RESOURCE_MANAGER_RULES } from './api-metadata/resourcemanager.js';
import type { ActionRules } from './api-metadata/rules.js';
import { VPC_RULES } from './api-metadata/vpc.js';
import { gatewayErrors } from './errors.js';
import type { LocalAccount } from './local-account.js';
import type { RpcParams } from './params.js';
import { resourceManagerActions } from './resourcemanager.js';
import type { StateStore } from './state-store.js';
import { vpcActions } from './vpc.js';

/** What an RPC action sees: its parameters and the account's state. */
export interface RpcContext {
  params: RpcParams;
  account: LocalAccount;
  store: StateStore;
  broker: BrokerAdmin;
}

export type RpcAction = (ctx: RpcContext) => Promise<Record<string, unknown>>;

export interface RpcProduct {
  name: string;
  actions: Readonly<Record<string, RpcAction>>;
  /** The published rules of each action's parameters (api-metadata/). */
  rules: Readonly<Record<string, ActionRules>>;
  /** Fields every successful answer carries besides RequestId (alikafka's Success/Code/Message). */
  success: Readonly<Record<string, unknown>>;
  /** Whether the product's per-key flow control applies. */
  flowControlled: boolean;
}

/** The RPC products the local cloud answers, by API version (the SDKs send it as x-acs-version or Version). */
export const RPC_PRODUCTS = new Map<string, RpcProduct>([
  ['2019-09-16', { name: 'alikafka', actions: alikafkaActions, rules: ALIKAFKA_RULES, success: { Success: true, Code: 200, Message: 'operation success.' }, flowControlled: true }],
  ['2020-03-31', { name: 'ResourceManager', actions: resourceManagerActions, rules: RESOURCE_MANAGER_RULES, success: {}, flowControlled: false }],
  ['2016-04-28', { name: 'Vpc', actions: vpcActions, rules: VPC_RULES, success: {}, flowControlled: false }],
]);

/** The product and action a call names, or the gateway's error for an unknown version or action. */
export function rpcOperation(version: string, action: string): { product: RpcProduct; run: RpcAction; rules: ActionRules | undefined } {
  const product = RPC_PRODUCTS.get(version);
  if (!product) throw gatewayErrors.invalidVersion(version);
  const run = Object.hasOwn(product.actions, action) ? product.actions[action] : undefined;
  if (!run) throw gatewayErrors.actionNotFound(product.name, version, action);
  return { product, run, rules: Object.hasOwn(product.rules, action) ? product.rules[action] : undefined };
}
