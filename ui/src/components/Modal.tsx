// A modal built on <dialog>: focus stays inside, Escape closes it.

import type { ComponentChildren } from "preact";
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { ErrorBanner } from "./feedback";
import { toApiError } from "../api";

interface ModalProps {
  id: string;
  title: string;
  onClose: () => void;
  children: ComponentChildren;
}

export function Modal({ id, title, onClose, children }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  // Opened in the same task as it is inserted (a layout effect): no moment where its content is
  // in the page but not yet shown and usable (a quick click, or a test, would meet a dead dialog).
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      id={id}
      class="modal"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </dialog>
  );
}

interface ConfirmProps {
  id: string;
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  busyLabel: string;
  /** The button that closes without doing anything ("Annuler" unless said otherwise). */
  cancelLabel?: string;
  danger?: boolean;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

/** Asks for confirmation, runs `onConfirm`, shows its error if it fails, closes if it succeeds. */
export function ConfirmDialog(p: ConfirmProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function confirm(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await p.onConfirm();
      p.onClose();
    } catch (reason) {
      setError(toApiError(reason).message);
      setBusy(false);
    }
  }
  return (
    <Modal id={p.id} title={p.title} onClose={() => !busy && p.onClose()}>
      <form onSubmit={confirm}>
        <div class="modal-body">{p.children}</div>
        <ErrorBanner message={error} />
        <div class="actions">
          <button type="submit" id={`${p.id}-confirm`} class={p.danger ? "danger" : "primary"} disabled={busy}>
            {busy ? p.busyLabel : p.confirmLabel}
          </button>
          <button type="button" id={`${p.id}-cancel`} onClick={p.onClose} disabled={busy}>{p.cancelLabel ?? "Annuler"}</button>
        </div>
      </form>
    </Modal>
  );
}
