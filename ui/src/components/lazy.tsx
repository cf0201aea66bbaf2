// Screens loaded when first needed: the first screen (Accueil, Déverrouiller) parses only its
// own code, and the case file's screens arrive while the passphrase is being typed
// (`preload`, called once the first screen is painted).

import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ErrorBanner } from "./feedback";

export type Lazy<P> = ComponentType<P> & { preload: () => Promise<unknown> };

export function lazy<P extends object>(load: () => Promise<ComponentType<P>>): Lazy<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const get = () =>
    (pending ??= load().then(
      (component) => (loaded = component),
      (reason) => {
        pending = null; // a later attempt may succeed
        throw reason;
      },
    ));
  function LazyScreen(props: P) {
    const [component, setComponent] = useState<ComponentType<P> | null>(() => loaded);
    const [error, setError] = useState<string | null>(null);
    useEffect(() => {
      if (component) return;
      let live = true;
      get().then(
        (c) => live && setComponent(() => c),
        (reason) => live && setError(`Cet écran n'a pas pu se charger : ${String(reason)}. Fermez Accroche et rouvrez-le.`),
      );
      return () => {
        live = false;
      };
    }, []);
    if (error) return <main class="centered" id="main"><ErrorBanner message={error} /></main>;
    if (!component) return <main class="centered" id="main"><p role="status">Chargement…</p></main>;
    const Screen = component;
    return <Screen {...props} />;
  }
  return Object.assign(LazyScreen, { preload: get });
}
