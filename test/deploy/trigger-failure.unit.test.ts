import { describe, expect, it } from 'vitest';
import { CloudApiError } from '../../src/cloud/cloud-error.js';
import { EVENTBRIDGE_CONSOLE, explainTriggerFailure, RAM_ROLES_CONSOLE, TriggerPrerequisiteError } from '../../src/deploy/trigger-failure.js';

const refused = (code: string, detail: string, status = 403) => new CloudApiError('FC CreateTrigger', code, detail, status, 'REQ-1');

describe('explainTriggerFailure: why CreateTrigger failed, when an account prerequisite is missing', () => {
  it.each([
    ['EventBridge\'s ServiceAccessDenied', refused('ServiceAccessDenied', 'The OwnerId that your Access Key Id associated to has not enabled EventBridge Service.')],
    ['EventBridge\'s ServiceNotEnable', refused('ServiceNotEnable', 'Service not enable')],
    ['an FC code wrapping EventBridge\'s message', refused('InvalidArgument', 'create event streaming failed: The OwnerId that your Access Key Id associated to has not enabled EventBridge Service.', 400)],
  ])('explains %s: EventBridge is not activated, with the console link and the service\'s own words', (_what, err) => {
    const explained = explainTriggerFailure(err);
    expect(explained).toBeInstanceOf(TriggerPrerequisiteError);
    expect(explained).toMatchObject({ missing: 'eventbridge-not-activated', api: 'FC CreateTrigger', code: err.code, cause: err });
    const { message } = explained as Error;
    expect(message).toMatch(/^FC CreateTrigger failed because EventBridge is not activated for this account \(/);
    expect(message).toContain(`${err.code}: ${err.detail}`);
    expect(message).toContain(EVENTBRIDGE_CONSOLE);
    expect(message).toContain('run deploy again');
  });

  it.each([
    ['a role named in the message', refused('InvalidArgument', 'role AliyunServiceRoleForEventBridgeSourceKafka does not exist', 400)],
    ['ResourceManager\'s code', refused('EntityNotExist.Role', 'The role does not exist: AliyunServiceRoleForEventBridgeSendToFC.', 404)],
    ['a service-linked role in words', refused('NoPermission', 'the service linked role of EventBridge is not authorized')],
  ])('explains %s: a service-linked role is missing, with the RAM and EventBridge console links', (_what, err) => {
    const explained = explainTriggerFailure(err) as TriggerPrerequisiteError;
    expect(explained).toBeInstanceOf(TriggerPrerequisiteError);
    expect(explained.missing).toBe('role-missing');
    expect(explained.message).toContain('AliyunServiceRoleForEventBridgeSourceKafka');
    expect(explained.message).toContain(RAM_ROLES_CONSOLE);
    expect(explained.message).toContain(EVENTBRIDGE_CONSOLE);
  });

  it('leaves every other failure as it was', () => {
    const other = refused('InvalidArgument', 'triggerConfig is invalid: runOptions.mode must be "event-streaming"', 400);
    expect(explainTriggerFailure(other)).toBe(other);
    const plain = new Error('socket hang up');
    expect(explainTriggerFailure(plain)).toBe(plain);
  });
});
