// Messages: error banners (role="alert"), success notes (role="status") and busy states.

import type { ComponentChildren } from "preact";

export function ErrorBanner({ message, id, children }: { message: string | null; id?: string; children?: ComponentChildren }) {
  if (!message) return null;
  return (
    <div role="alert" class="banner banner-error" id={id}>
      <p>{message}</p>
      {children}
    </div>
  );
}

export function Notice({ message, id }: { message: string | null; id?: string }) {
  if (!message) return null;
  return (
    <p role="status" class="banner banner-ok" id={id}>
      <span aria-hidden="true">✓ </span>{message}
    </p>
  );
}

/** A busy line ("Ouverture du dossier…") shown while a long operation runs. */
export function Busy({ message, id }: { message: string | null; id?: string }) {
  return (
    <p role="status" aria-live="polite" class={message ? "busy" : "busy busy-idle"} id={id}>
      {message && <span class="spinner" aria-hidden="true" />}
      {message}
    </p>
  );
}
