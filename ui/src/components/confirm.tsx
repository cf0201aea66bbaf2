// The "confirm" answer of the shell: an input that is allowed but unusual (a due date before
// the meeting, an entretien de situation before 16…). Nothing was saved; the user reads the
// question and, if they agree, the same call is made again with its confirmation flag set.

import { useState } from "preact/hooks";
import type { VNode } from "preact";
import { Modal } from "./Modal";
import { toApiError } from "../api";

interface Pending {
  message: string;
  answer: (yes: boolean) => void;
}

/**
 * `[dialog, run]`: render `dialog` somewhere in the screen; `run(attempt)` calls
 * `attempt(false)`, and on a "confirm" error asks the user, then calls `attempt(true)`.
 * Resolves to null when the user declines; other errors reject as usual.
 */
export function useConfirmRetry(): [VNode | null, <T>(attempt: (confirmed: boolean) => Promise<T>) => Promise<T | null>] {
  const [pending, setPending] = useState<Pending | null>(null);
  async function run<T>(attempt: (confirmed: boolean) => Promise<T>): Promise<T | null> {
    try {
      return await attempt(false);
    } catch (reason) {
      const error = toApiError(reason);
      if (error.code !== "confirm") throw error;
      const yes = await new Promise<boolean>((answer) => setPending({ message: error.message, answer }));
      setPending(null);
      return yes ? attempt(true) : null;
    }
  }
  const dialog = pending && (
    <Modal id="confirm-retry" title="Confirmer ?" onClose={() => pending.answer(false)}>
      <div class="modal-body"><p id="confirm-retry-message">{pending.message}</p></div>
      <div class="actions">
        <button type="button" id="confirm-retry-yes" class="primary" onClick={() => pending.answer(true)}>
          Oui, enregistrer
        </button>
        <button type="button" id="confirm-retry-no" onClick={() => pending.answer(false)}>Non, corriger</button>
      </div>
    </Modal>
  );
  return [dialog, run];
}
