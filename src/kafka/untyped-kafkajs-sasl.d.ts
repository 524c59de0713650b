// Declarations for kafkajs' SASL mechanism modules, which its package does not type (only what fetch/sasl.ts uses).
declare module 'kafkajs/src/broker/saslAuthenticator/*.js' {
  /** One step of the mechanism: the bytes to send (already INT32-length prefixed) and how to read the answer. */
  interface SaslStep {
    request: { encode(): Promise<Buffer> };
    response?: { decode(bytes: Buffer): Promise<unknown>; parse(decoded: unknown): Promise<unknown> };
  }
  interface SaslLogger {
    debug(message: string, extra?: object): void;
    info(message: string, extra?: object): void;
    warn(message: string, extra?: object): void;
    error(message: string, extra?: object): void;
  }
  const provider: (sasl: { mechanism: string; username: string; password: string }) => (context: {
    host: string;
    port: number;
    logger: SaslLogger;
    saslAuthenticate: (step: SaslStep) => Promise<unknown>;
  }) => { authenticate(): Promise<void> };
  export default provider;
}
