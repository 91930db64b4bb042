// The recovery codes, shown once (the server keeps only hashes): a list, a copy button
// (Clipboard API) and a download (a text Blob behind an object URL; `<a download>` saves it, it
// is not loaded as an image or script, so the page CSP's img-src has no say).
import { useEffect, useMemo, useState } from "preact/hooks";
import { en } from "../i18n/en";
import { Notice } from "./Alert";

export function RecoveryCodes({ codes }: { codes: string[] }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const text = codes.join("\n") + "\n";
  const href = useMemo(() => URL.createObjectURL(new Blob([text], { type: "text/plain" })), [text]);
  useEffect(() => () => URL.revokeObjectURL(href), [href]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <section class="recovery" aria-labelledby="codes-title">
      <h3 id="codes-title">{en.twoFactor.codesTitle}</h3>
      <p>{en.twoFactor.codesIntro}</p>
      <ul class="codes" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      {copied !== null && (copied ? <Notice text={en.twoFactor.copied} /> : <p class="hint hint-bad" role="alert">{en.twoFactor.copyFailed}</p>)}
      <div class="row">
        <button type="button" class="secondary" onClick={copy}>
          {en.twoFactor.copy}
        </button>
        <a class="button-link" href={href} download="recovery-codes.txt">
          {en.twoFactor.download}
        </a>
      </div>
    </section>
  );
}
