// A tiny History API router: the server answers every page path with the same index.html, and
// this picks the view. Links are ordinary <a href> so they work with the keyboard, open in a new
// tab and degrade to full loads; same-origin left clicks are turned into pushState.
import type { ComponentChildren, JSX } from "preact";
import { useEffect, useState } from "preact/hooks";

const CHANGE = "latchkey:navigate";

export function navigate(to: string, replace = false): void {
  // A server route (an OpenID authorization to resume, docs/oidc.md) is no page: load it.
  if (to.startsWith("/api/")) {
    if (replace) window.location.replace(to);
    else window.location.assign(to);
    return;
  }
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  window.dispatchEvent(new Event(CHANGE));
}

/** The current location, re-rendering on navigate() and on back/forward. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const [href, setHref] = useState(window.location.href);
  useEffect(() => {
    const update = () => setHref(window.location.href);
    window.addEventListener(CHANGE, update);
    window.addEventListener("popstate", update);
    return () => {
      window.removeEventListener(CHANGE, update);
      window.removeEventListener("popstate", update);
    };
  }, []);
  const url = new URL(href);
  return { path: url.pathname.replace(/\/+$/, "") || "/", query: url.searchParams };
}

export type Route = { pattern: string; view: (params: Record<string, string>) => JSX.Element };

/** Matches "/account/:section"-style patterns; params are URI-decoded. */
export function match(routes: Route[], path: string): JSX.Element | null {
  const parts = path.split("/").filter(Boolean);
  for (const route of routes) {
    const want = route.pattern.split("/").filter(Boolean);
    if (want.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = want.every((seg, i) => {
      if (seg.startsWith(":")) {
        try {
          params[seg.slice(1)] = decodeURIComponent(parts[i]);
        } catch {
          return false;
        }
        return true;
      }
      return seg === parts[i];
    });
    if (ok) return route.view(params);
  }
  return null;
}

type LinkProps = { href: string; class?: string; current?: boolean; children: ComponentChildren };

/** `current` marks the link to the page being shown (aria-current="page") for screen readers. */
export function Link({ href, class: cls, current, children }: LinkProps) {
  const onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} class={cls} onClick={onClick} aria-current={current ? "page" : undefined}>
      {children}
    </a>
  );
}
