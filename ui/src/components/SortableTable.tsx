// A table whose columns sort on click or Enter (aria-sort on the sorted header), and whose
// rows open on click or Enter.

import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";

export interface Column<T> {
  key: string;
  label: string;
  /** Value to sort by (ISO dates sort as text). */
  sortValue: (row: T) => string | number;
  render?: (row: T) => ComponentChildren;
}

interface Props<T> {
  id: string;
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => number | string;
  /** Opens a row; rows are then focusable and open with Enter. */
  onOpen?: (row: T) => void;
  rowTitle?: (row: T) => string;
  rowClass?: (row: T) => string;
  initialSort?: string;
  empty: string;
}

const collator = new Intl.Collator("fr", { sensitivity: "base", numeric: true });

export function SortableTable<T>(p: Props<T>) {
  const [sort, setSort] = useState<{ key: string | null; ascending: boolean }>({
    key: p.initialSort ?? null,
    ascending: true,
  });
  const column = p.columns.find((c) => c.key === sort.key);
  const rows = column
    ? [...p.rows].sort((a, b) => {
        const x = column.sortValue(a);
        const y = column.sortValue(b);
        const order = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
        return sort.ascending ? order : -order;
      })
    : p.rows;

  function toggle(key: string) {
    setSort((s) => ({ key, ascending: s.key === key ? !s.ascending : true }));
  }

  return (
    <div class="table-wrap">
      <table id={p.id} class={p.onOpen ? "data clickable" : "data"}>
        <caption class="visually-hidden">
          {p.caption}
          {column ? `, triée par ${column.label.toLowerCase()}, ordre ${sort.ascending ? "croissant" : "décroissant"}` : ""}
        </caption>
        <thead>
          <tr>
            {p.columns.map((c) => {
              const active = sort.key === c.key;
              return (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={active ? (sort.ascending ? "ascending" : "descending") : undefined}
                >
                  <button type="button" class="sort" data-sort={c.key} onClick={() => toggle(c.key)}>
                    {c.label}
                    <span class="sort-mark" aria-hidden="true">{active ? (sort.ascending ? " ▲" : " ▼") : " ↕"}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr class="empty">
              <td colSpan={p.columns.length}>{p.empty}</td>
            </tr>
          )}
          {rows.map((row) => (
            <tr
              key={p.rowKey(row)}
              data-id={p.rowKey(row)}
              class={p.rowClass?.(row)}
              tabIndex={p.onOpen ? 0 : undefined}
              title={p.rowTitle?.(row)}
              onClick={p.onOpen ? () => p.onOpen?.(row) : undefined}
              onKeyDown={
                p.onOpen
                  ? (e) => {
                      if (e.key === "Enter") {
                        e.preventDefault();
                        p.onOpen?.(row);
                      }
                    }
                  : undefined
              }
            >
              {p.columns.map((c) => (
                <td key={c.key}>{c.render ? c.render(row) : String(c.sortValue(row))}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
