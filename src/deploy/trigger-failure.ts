import { CloudApiError } from '../cloud/cloud-error.js';
import { KafkaOssError } from '../errors.js';

/** Where EventBridge is activated and its service-linked roles authorised (devsapp/fc docs/zh/yaml/triggers.md). */
export const EVENTBRIDGE_CONSOLE = 'https://eventbridge.console.aliyun.com';
/** Where an account's RAM roles, service-linked ones among them, are listed. */
export const RAM_ROLES_CONSOLE = 'https://ram.console.aliyun.com/roles';

/**
 * EventBridge's answers for an account that has not activated it: 403 ServiceAccessDenied "...has not enabled
 * EventBridge Service." (help.aliyun.com/zh/eventbridge/error-codes) and CreateEventBus's 403 ServiceNotEnable
 * "Service not enable" (help.aliyun.com/document_detail/167863.html). How FC's CreateTrigger hands them on is not
 * documented, so the code and the message are both looked at.
 */
const NOT_ACTIVATED_CODES = new Set(['ServiceAccessDenied', 'ServiceNotEnable']);
const NOT_ACTIVATED_MESSAGE = /not enabled? EventBridge|EventBridge[^.]{0,40}not (been )?(enabled|activated|opened)|Service not enable/i;
/** A missing service-linked role, however FC or EventBridge words it. */
const ROLE_MISSING = /AliyunServiceRoleForEventBridge|service[- ]?linked[- ]?role|EntityNotExist\.Role/i;

export type TriggerPrerequisite = 'eventbridge-not-activated' | 'role-missing';

/** A trigger call refused because the account lacks something the console sets up: the cause and where to fix it. */
export class TriggerPrerequisiteError extends KafkaOssError {
  constructor(
    readonly missing: TriggerPrerequisite,
    readonly api: string,
    readonly code: string,
    message: string,
    cause: CloudApiError,
  ) {
    super(message, undefined, { cause });
  }
}

const AFTERWARDS = 'then run deploy again: what it created so far stays and is not created twice';

/** The failure of a CreateTrigger or UpdateTrigger call, explained when its cause is a missing prerequisite. */
export function explainTriggerFailure(err: unknown): unknown {
  if (!(err instanceof CloudApiError)) return err;
  const said = `${err.code}: ${err.detail}`;
  if (NOT_ACTIVATED_CODES.has(err.code) || NOT_ACTIVATED_MESSAGE.test(err.detail)) {
    return new TriggerPrerequisiteError('eventbridge-not-activated', err.api, err.code,
      `${err.api} failed because EventBridge is not activated for this account (${said}). The Kafka trigger is an EventBridge ` +
      `event stream: activate EventBridge at ${EVENTBRIDGE_CONSOLE}, in the region of the Kafka instance, and authorise the ` +
      `service-linked roles it asks for; ${AFTERWARDS}.`, err);
  }
  if (ROLE_MISSING.test(`${err.code} ${err.detail}`)) {
    return new TriggerPrerequisiteError('role-missing', err.api, err.code,
      `${err.api} failed because a service-linked role EventBridge needs is missing (${said}). EventBridge reads Kafka as ` +
      `AliyunServiceRoleForEventBridgeSourceKafka and invokes the function as AliyunServiceRoleForEventBridgeSendToFC: check ` +
      `them at ${RAM_ROLES_CONSOLE} or authorise them in the EventBridge console, ${EVENTBRIDGE_CONSOLE} (creating one needs ` +
      `ram:CreateServiceLinkedRole); ${AFTERWARDS}.`, err);
  }
  return err;
}
