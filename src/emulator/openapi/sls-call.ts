import type { FcRuntime } from '../contracts.js';
import type { StateStore } from './state-store.js';

/** One Log Service call as an operation sees it. */
export interface SlsCall {
  /** The Host header: `<project>.<endpoint>`, or the endpoint alone. */
  host: string;
  /** The project the Host names; undefined for project-less calls (CreateProject). */
  project: string | undefined;
  method: string;
  /** Decoded query parameters. */
  query: Readonly<Record<string, string>>;
  /** The JSON body (empty object when there is none). */
  json: Readonly<Record<string, unknown>>;
  store: StateStore;
  runtime: FcRuntime | undefined;
}

/** An answer: a JSON body (or none, for 200 with an empty body) and the headers Log Service adds. */
export interface SlsAnswer {
  body: unknown;
  headers?: Record<string, string>;
}
