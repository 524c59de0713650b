/**
 * The least the connector's AccessKey needs on OSS, as the console's document gives it ("请确保您使用的
 * AccessKey ID所对应的账号已被授予以下最小权限"): deploy prints it when its probe is refused, the wizard
 * when the secret typed is.
 */
export const MINIMAL_OSS_POLICY = {
  Version: '1',
  Statement: [{ Action: ['oss:GetObject', 'oss:PutObject'], Resource: '*', Effect: 'Allow' }],
} as const;

/** The policy as a RAM policy document, indented. */
export function minimalOssPolicy(): string {
  return JSON.stringify(MINIMAL_OSS_POLICY, null, 2);
}

/** The policy on one line, to fit under a prompt. */
export function minimalOssPolicyLine(): string {
  return JSON.stringify(MINIMAL_OSS_POLICY);
}
