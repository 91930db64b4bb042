// The frame of every view: a skip link, the impersonation banner (only while an admin acts as
// someone), the product name and one card with the page's heading.
// On each new page the heading takes focus so keyboard and screen-reader users start there.
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { en } from "../i18n/en";
import { ImpersonationBanner } from "./ImpersonationBanner";

type Props = { title: string; wide?: boolean; children: ComponentChildren };

export function Page({ title, wide, children }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ${en.appName}`;
    heading.current?.focus();
  }, [title]);
  return (
    <>
      <a class="skip" href="#main">
        {en.skipToContent}
      </a>
      <ImpersonationBanner />
      <header class="brand">
        <span class="brand-mark" aria-hidden="true" />
        <span>{en.appName}</span>
      </header>
      <main id="main" class={wide ? "card card-wide" : "card"}>
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {children}
      </main>
    </>
  );
}
