import type { Reader, Writer } from '../codec.js';
import { ErrorCode } from '../error-codes.js';
import type { Api } from './api.js';

/**
 * ApiVersions (18) v0–3. v3 is flexible in the request, but its response header is always v0 so that a
 * client can read the answer whatever version it guessed. An unsupported version is answered in v0 form
 * with UNSUPPORTED_VERSION and the list, which lets clients fall back (see Connection).
 */
export function apiVersionsApi(listSupported: () => Api[]): Api {
  return {
    key: 18,
    name: 'ApiVersions',
    minVersion: 0,
    maxVersion: 3,
    flexibleFrom: 3,
    handle(_broker, req, r: Reader, w: Writer) {
      if (req.version >= 3) {
        r.compactString(); // client software name
        r.compactString(); // client software version
        r.taggedFields();
      }
      writeApiVersions(w, req.version, ErrorCode.NONE, listSupported());
      return true;
    },
  };
}

export function writeApiVersions(w: Writer, version: number, errorCode: number, apis: Api[]): void {
  w.int16(errorCode);
  const entry = (w2: Writer, a: Api) => {
    w2.int16(a.key).int16(a.minVersion).int16(a.maxVersion);
    if (version >= 3) w2.emptyTaggedFields();
  };
  if (version >= 3) w.compactArray(apis, entry);
  else w.array(apis, entry);
  if (version >= 1) w.int32(0);
  if (version >= 3) w.emptyTaggedFields();
}
