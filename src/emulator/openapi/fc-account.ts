import { ok, type FcAnswer, type FcCall } from './fc-context.js';

/**
 * GetAccountSettings (GET /2021-04-06/account-settings): the zones FC runs in and its default role, as
 * {"availableAZs": ["cn-hangzhou-f"], "defaultRole": "acs:ram::1234:role/aliyunfcdefaultrole"} (FC 2.0 API reference,
 * api-fc-open-2021-04-06-getaccountsettings; the SDK's GetAccountSettingsResponseBody).
 */
export async function getAccountSettings({ env }: FcCall): Promise<FcAnswer> {
  const { accountId, fcAvailableZones } = env.account;
  return ok({ availableAZs: [...fcAvailableZones], defaultRole: `acs:ram::${accountId}:role/aliyunfcdefaultrole` });
}
