/**
 * Every error the control plane answers, one catalogue per product: code, HTTP status and message
 * together, as each product documents them. The envelope says how the answer is shaped:
 * - 'pop': the API gateway's `{RequestId, HostId, Code, Message}` with the HTTP status (signatures,
 *   parameters, throttling, and the errors of ResourceManager, VPC and alikafka's tag APIs);
 * - 'alikafka-200': HTTP 200 with `{Success: false, Code, Message}`, as alikafka reports business failures
 *   (Code is the status number, or a string code such as ONS_SYSTEM_FLOW_CONTROL when `stringCode` is set);
 * - 'fc': FC's `{ErrorCode, ErrorMessage}` with the HTTP status;
 * - 'sls': Log Service's `{errorCode, errorMessage}` with the HTTP status and `x-log-requestid`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly envelope: 'pop' | 'alikafka-200' | 'fc' | 'sls' = 'pop',
    /** For 'alikafka-200': send `code` itself as the body's Code instead of the status number. */
    readonly stringCode = false,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const pop = (status: number, code: string, message: string) => new ApiError(status, code, message);

/**
 * The API gateway's own errors, the same for every RPC product (and for FC's signature checks before
 * they are translated by `fcErrors.fromGateway`). Codes and messages: Alibaba Cloud's common gateway
 * error codes (help.aliyun.com/document_detail/48054.html).
 */
export const gatewayErrors = {
  missingParameter: (name: string) => pop(400, 'MissingParameter', `The input parameter "${name}" that is mandatory for processing this request is not supplied.`),
  invalidParameter: (name: string, why: string) => pop(400, 'InvalidParameter', `The parameter ${name} is invalid: ${why}.`),
  missingAuthorization: () => pop(400, 'MissingAuthorization', 'The Authorization header is missing or is not an ACS3 signature.'),
  unsupportedAlgorithm: (algorithm: string) => pop(400, 'InvalidSignatureMethod', `The signature algorithm ${algorithm} is not supported.`),
  unsupportedSignatureMethod: (method: string | undefined) => pop(400, 'InvalidSignatureMethod', `The signature method ${method} is not supported.`),
  accessKeyNotFound: () => pop(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.'),
  missingAccessKeyId: () => pop(400, 'MissingAccessKeyId', 'AccessKeyId is mandatory for this action.'),
  missingTimestamp: () => pop(400, 'MissingTimestamp', 'The x-acs-date header is missing or malformed.'),
  timestampExpired: (what: string) => pop(400, 'InvalidTimeStamp.Expired', `Specified time stamp or date value is expired (${what}).`),
  unsignedHeader: (name: string) => pop(400, 'IncompleteSignature', `The signature must cover the ${name} header.`),
  contentHashMismatch: () => pop(400, 'IncompleteSignature', 'The x-acs-content-sha256 header does not match the request body.'),
  signatureMismatch: () => pop(400, 'SignatureDoesNotMatch', 'Specified signature does not match our calculation.'),
  nonceUsed: () => pop(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.'),
  throttlingUser: () => pop(400, 'Throttling.User', 'Request was denied due to user flow control.'),
  throttling: () => pop(400, 'Throttling', 'Request was denied due to request throttling.'),
  invalidVersion: (version: string) => pop(400, 'InvalidVersion', `Specified parameter Version is not valid (got "${version}").`),
  actionNotFound: (product: string, version: string, action: string) =>
    pop(404, 'InvalidAction.NotFound', `Specified api is not found, please check your url and method (${product} ${version} ${action}).`),
  bodyTooLarge: (limit: number) => pop(413, 'RequestTooLarge', `The request body is larger than ${limit} bytes.`),
  injected: (status: number, code: string, what: string, message?: string) => pop(status, code, message ?? `Injected fault for ${what}.`),
  internal: () => pop(500, 'InternalError', 'The request processing has failed due to some unknown error.'),
};

/** alikafka 2019-09-16: business failures come as HTTP 200 with Success:false; the tag APIs answer gateway-style. */
const business = (status: number, code: string, message: string) => new ApiError(status, code, message, 'alikafka-200');

export const alikafkaErrors = {
  instanceNotFound: (instanceId: string, regionId: string) => business(404, 'BIZ_INSTANCE_NOT_FOUND', `The instance ${instanceId} does not exist in region ${regionId}.`),
  regionNotMatch: (regionId: string, served: string) => business(400, 'BIZ_REGION_NOT_MATCH', `The region ${regionId} is not served by this endpoint (${served}).`),
  topicNotFound: (topic: string, instanceId: string) => business(404, 'BIZ_TOPIC_NOT_FOUND', `The topic ${topic} does not exist in instance ${instanceId}.`),
  topicExists: (topic: string, instanceId: string) => business(400, 'BIZ_TOPIC_EXISTS', `The topic ${topic} already exists in instance ${instanceId}.`),
  topicNameInvalid: (topic: string) => business(400, 'BIZ_TOPIC_NAME_INVALID', `The topic name ${JSON.stringify(topic)} must be 3–64 characters of letters, digits, "_", "-" and ".".`),
  remarkInvalid: (remark: string) => business(400, 'BIZ_REMARK_INVALID', `The remark ${JSON.stringify(remark)} must be 3–64 characters of letters, digits, "_" and "-".`),
  partitionNumInvalid: (partitions: number) => business(400, 'BIZ_PARTITION_NUM_INVALID', `PartitionNum must be 1–360 (got ${partitions}).`),
  compactNeedsLocal: () => business(400, 'BIZ_COMPACT_NEED_LOCAL', 'CompactTopic can only be true when LocalTopic is true.'),
  /*
   * The next two refusals have no documented code (CreateTopic's reference sends to the API Error Center); they take
   * the shape alikafka documents for a failed call: HTTP 200, Success false, Code the status (400), a Message.
   */
  storageEngineNotSelectable: (instanceId: string) =>
    business(400, 'BIZ_LOCAL_TOPIC_NOT_SUPPORTED', `The instance ${instanceId} is a Standard Edition instance: its topics use cloud storage, LocalTopic cannot be true.`),
  cloudStoragePartitions: (partitions: number, minimum: number) =>
    business(400, 'BIZ_PARTITION_NUM_INVALID', `A topic on cloud storage needs at least ${minimum} partitions (got ${partitions}).`),
  topicConfigInvalid: (why: string) => business(400, 'BIZ_TOPIC_CONFIG_INVALID', why),
  groupNameInvalid: (group: string) => business(400, 'BIZ_CONSUMER_NAME_INVALID', `The group name ${JSON.stringify(group)} must be 3–64 characters of letters, digits, "_", "-" and ".".`),
  groupExists: (group: string, instanceId: string) => business(400, 'BIZ_SUBSCRIPTION_EXISTS', `The consumer group ${group} already exists in instance ${instanceId}.`),
  groupNotFound: (group: string, instanceId: string) => business(404, 'BIZ_SUBSCRIPTION_NOT_FOUND', `The consumer group ${group} does not exist in instance ${instanceId}.`),
  pageInvalid: (current: number, size: number) => business(400, 'BIZ_PARAM_INVALID', `CurrentPage must be ≥ 1 and PageSize 1–10000 (got ${current}, ${size}).`),
  resourceTypeNotSupported: (given: string) => pop(400, 'InvalidResourceType.NotSupported', `ResourceType must be TOPIC or CONSUMERGROUP locally (got ${JSON.stringify(given)}).`),
  resourceNotFound: (ids: string[]) => pop(404, 'InvalidResourceId.NotFound', `The resource ${ids.join(', ')} does not exist.`),
  tagKeyInvalid: (key: string) => pop(400, 'InvalidTagKey', `The tag key "${key}" must be 1–128 characters.`),
  /** A failure as HTTP 200 `{Success: false}` with a string Code, the form the SDK's numeric Code cannot hold. */
  successFalse: (code: string, message: string) => new ApiError(200, code, message, 'alikafka-200', true),
  /**
   * alikafka's own flow control. Terraform's alicloud provider retries it on every alikafka call
   * (resource_alicloud_alikafka_*.go: IsExpectedErrors(err, ["ONS_SYSTEM_FLOW_CONTROL"]), and its
   * connectivity client turns a 200 answer with Success:false and a Code into that error); the message is ours.
   */
  systemFlowControl: (successFalse: boolean) =>
    successFalse
      ? new ApiError(200, 'ONS_SYSTEM_FLOW_CONTROL', 'The system is busy, please try again later.', 'alikafka-200', true)
      : pop(400, 'ONS_SYSTEM_FLOW_CONTROL', 'The system is busy, please try again later.'),
};

/**
 * ResourceManager 2020-03-31 (RAM roles), gateway-shaped. EntityNotExist.Role and EntityAlreadyExists.Role are the
 * codes Terraform's alicloud provider reads (service_alicloud_resourcemanager.go); the codes of AttachPolicy's
 * refusals are not documented: they follow RAM's EntityNotExist.<Entity> / EntityAlreadyExists.<Entity> naming.
 */
export const resourceManagerErrors = {
  roleNotFound: (name: string) => pop(404, 'EntityNotExist.Role', `The role does not exist: ${name}.`),
  roleExists: (name: string) => pop(409, 'EntityAlreadyExists.Role', `The role already exists: ${name}.`),
  serviceNameInvalid: (service: string) => pop(400, 'InvalidParameter.ServiceName', `The service ${service} does not support service-linked roles.`),
  policyDocumentInvalid: (name: string) => pop(400, 'InvalidParameter', `The parameter ${name} is invalid: a policy document is a JSON object with a Statement array.`),
  principalNotFound: (principal: string) => pop(404, 'EntityNotExist.Role', `The principal does not exist: ${principal}.`),
  policyNotFound: (name: string) => pop(404, 'EntityNotExist.Policy', `The policy does not exist: ${name}.`),
  resourceGroupNotFound: (id: string) => pop(404, 'EntityNotExist.ResourceGroup', `The resource group or account does not exist: ${id}.`),
  policyAttached: (policy: string, role: string) => pop(409, 'EntityAlreadyExists.Role.Policy', `The policy ${policy} is already attached to ${role}.`),
};

/** VPC 2016-04-28, gateway-shaped. */
export const vpcErrors = {
  vSwitchNotFound: () => pop(404, 'InvalidVSwitchId.NotFound', 'Specified vswitch does not exist.'),
};

const fc = (status: number, code: string, message: string) => new ApiError(status, code, message, 'fc');

/**
 * FC 2021-04-06, `{ErrorCode, ErrorMessage}`. Codes, statuses and message forms: FC's error codes
 * (alibabacloud.com/help/en/function-compute/latest/error-codes).
 */
export const fcErrors = {
  invalidArgument: (message: string) => fc(400, 'InvalidArgument', message),
  bodyNotJson: () => fc(400, 'InvalidArgument', 'The request body must be a JSON object.'),
  pathNotSupported: (message: string) => fc(400, 'PathNotSupported', message),
  methodNotAllowed: (method: string, what: string) => fc(405, 'MethodNotAllowed', `${method} is not allowed on ${what}`),
  entityTooLarge: (limit: number) => fc(400, 'EntityTooLarge', `payload size exceeds maximum allowed size (${limit} bytes)`),
  codeTooLarge: (size: number, limit: number) => fc(400, 'CodeTooLarge', `The code package is ${size} bytes; the limit is ${limit}.`),
  serviceNotFound: (service: string) => fc(404, 'ServiceNotFound', `service '${service}' does not exist`),
  functionNotFound: (fn: string, service: string) => fc(404, 'FunctionNotFound', `function '${fn}' does not exist in service '${service}'`),
  triggerNotFound: (trigger: string, service: string, fn: string) => fc(404, 'TriggerNotFound', `trigger '${trigger}' does not exist in service '${service}' function '${fn}'`),
  serviceExists: (service: string) => fc(409, 'ServiceAlreadyExists', `service '${service}' already exists`),
  functionExists: (fn: string, service: string) => fc(409, 'FunctionAlreadyExists', `function '${fn}' already exists in service '${service}'`),
  triggerExists: (trigger: string, fn: string) => fc(409, 'TriggerAlreadyExists', `trigger '${trigger}' already exists in function '${fn}'`),
  serviceNotEmpty: (service: string) => fc(412, 'ServiceNotEmpty', `service '${service}' still has functions; delete them first`),
  functionNotEmpty: (fn: string) => fc(412, 'FunctionNotEmpty', `function '${fn}' still has triggers; delete them first`),
  runtimeUnavailable: () => fc(503, 'ServiceUnavailable', 'the local function runtime is not running'),
  /**
   * An eventbridge trigger in an account that has not activated EventBridge. The code, status and message are
   * EventBridge's (help.aliyun.com/zh/eventbridge/error-codes: 403 ServiceAccessDenied); whether FC passes them
   * through or wraps them is not documented: they are passed through in FC's envelope.
   */
  eventBridgeNotActivated: () => fc(403, 'ServiceAccessDenied', 'The OwnerId that your Access Key Id associated to has not enabled EventBridge Service.'),
  /** FC's answer without the eventbridge gate header is not documented (fc-triggers.ts): a refusal naming the header. */
  eventBridgeTriggerGated: (what: string) =>
    fc(400, 'InvalidArgument', `${what}: eventbridge triggers are not exposed to this request; send the header x-fc-enable-eventbridge-trigger: enable`),
  injected: (status: number, code: string, what: string) => fc(status, code, `Injected fault for ${what}.`),
  internal: () => fc(500, 'InternalServerError', 'The request processing has failed due to some unknown error.'),

  /** A gateway error (signature, key, time) as FC names it: its codes, and 403 for a bad key or signature. */
  fromGateway(err: ApiError): ApiError {
    if (err.envelope === 'fc') return err;
    if (err.code === 'InvalidAccessKeyId.NotFound') return fc(403, 'InvalidAccessKeyID', err.message);
    if (err.code === 'SignatureDoesNotMatch') return fc(403, 'SignatureNotMatch', err.message);
    return fc(err.status, err.code, err.message);
  },
};

const sls = (status: number, code: string, message: string) => new ApiError(status, code, message, 'sls');

/**
 * Log Service (SLS 2020-12-30), `{errorCode, errorMessage}`. Common codes, statuses and messages: SLS's error codes
 * (help.aliyun.com/document_detail/29013.html); ProjectNotExist and LogStoreNotExist as the GetLogStore and
 * DeleteLogStore references list them; the query errors as GetLogs' reference names them (ParameterInvalid).
 */
export const slsErrors = {
  authorizationInvalid: () => sls(400, 'ParameterInvalid', 'Http extend authorization : authorization pair is invalid.'),
  signatureV4NotModelled: () => sls(400, 'ParameterInvalid', 'Http extend authorization : the local Log Service checks V1 signatures (LOG <AccessKeyId>:<Signature>) only.'),
  signatureMethodInvalid: (method: string) => sls(400, 'ParameterInvalid', `Http extend x-log-signaturemethod : ${method} is invalid (hmac-sha1 or hmac-sha256).`),
  requestTimeInvalid: (date: string) => sls(400, 'InvalidRequestTime', `Request time ${date} not follow RFC822 spec.`),
  requestTimeExpired: (date: string, server: string) => sls(400, 'RequestTimeExpired', `Request time ${date} has been expired while server time is ${server}.`),
  contentMd5Mismatch: () => sls(400, 'ParameterInvalid', 'Http extend content-md5 : the body does not have this MD5.'),
  hostInvalid: (host: string) => sls(400, 'InvalidHost', `Host header ${host} is invalid.`),
  accessKeyNotFound: (id: string) => sls(401, 'Unauthorized', `AccessKeyId not found: ${id}`),
  signatureMismatch: (signature: string) => sls(401, 'SignatureNotMatch', `Signature ${signature} not matched.`),
  projectNotFound: (project: string) => sls(404, 'ProjectNotExist', `The Project does not exist : ${project}`),
  projectExists: (project: string) => sls(400, 'ProjectAlreadyExist', `Project ${project} already exist.`),
  logStoreNotFound: (logstore: string) => sls(404, 'LogStoreNotExist', `logstore ${logstore} does not exist`),
  logStoreExists: (logstore: string) => sls(400, 'LogStoreAlreadyExist', `logstore ${logstore} already exists`),
  bodyNotJson: () => sls(400, 'PostBodyInvalid', 'The request body is not valid JSON object.'),
  bodyTooLarge: (limit: number) => sls(413, 'PostBodyTooLarge', `Body size must little than ${limit}.`),
  parameterInvalid: (message: string) => sls(400, 'ParameterInvalid', message),
  notFound: (method: string, path: string) => sls(404, 'ParameterInvalid', `The local Log Service does not answer ${method} ${path}.`),
  injected: (status: number, code: string, what: string) => sls(status, code, `Injected fault for ${what}.`),
  internal: () => sls(500, 'InternalServerError', 'Internal server error message.'),
};
