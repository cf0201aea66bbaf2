import type { RefObject } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { toApiError } from "../api";

/** Moves the focus to the element (usually the view's <h1 tabIndex={-1}>) when the view appears. */
export function useFocusOnMount<T extends HTMLElement>(): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}

/**
 * Runs a search as the user types: waits `delay` ms after the last change, and ignores
 * answers that arrive after a newer search started.
 */
export function useSearch<T>(
  fetch: (query: string, includeArchived: boolean) => Promise<T[]>,
  query: string,
  includeArchived: boolean,
  reloadKey = 0,
  delay = 150,
): { rows: T[] | null; error: string | null } {
  const [rows, setRows] = useState<T[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  useEffect(() => {
    const ticket = ++latest.current;
    const timer = setTimeout(() => {
      fetch(query.trim(), includeArchived).then(
        (found) => {
          if (ticket !== latest.current) return;
          setRows(found);
          setError(null);
        },
        (reason) => {
          if (ticket !== latest.current) return;
          setError(toApiError(reason).message);
        },
      );
    }, rows === null ? 0 : delay);
    return () => clearTimeout(timer);
  }, [query, includeArchived, reloadKey]);
  return { rows, error };
}
