import type { InferenceSession } from 'onnxruntime-node';
import type { OnnxBinding } from './network.ts';

/** A network's sessions, built on first use under a key (the graph's shape) and reused after. */
export class SessionCache {
  private readonly binding: OnnxBinding;
  private readonly sessions = new Map<string, Promise<InferenceSession>>();

  constructor(binding: OnnxBinding) {
    this.binding = binding;
  }

  /** The session under `key`; `build` gives its model bytes and a description for errors, once. */
  get(key: string, build: () => { readonly model: Uint8Array; readonly what: string }): Promise<InferenceSession> {
    let session = this.sessions.get(key);
    if (!session) {
      const { model, what } = build();
      session = this.binding.createSession(model, what);
      this.sessions.set(key, session);
    }
    return session;
  }

  /** Releases every session made so far; one that failed to build has nothing to release. */
  async releaseAll(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    for (const session of await Promise.allSettled(sessions)) if (session.status === 'fulfilled') await session.value.release();
  }
}
