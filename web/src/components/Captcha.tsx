// The CAPTCHA widget (docs/web.md "CAPTCHA"), when the server has one configured: Turnstile,
// hCaptcha (both a visible widget) or reCAPTCHA v3 (invisible: a token per submit). The provider's
// script is loaded on first need from the URL the server names (its origin is in the CSP); its
// token goes to the server in `x-captcha-response`. A token is single-use, so every submit that
// sent one renders a fresh widget. The widget is rendered with the route family as its `action`,
// which the server checks (captcha_action).
import { useEffect, useRef, useState } from "preact/hooks";
import type { ApiError } from "../auth";
import { en } from "../i18n/en";
import { pageSettings, type CaptchaSettings } from "../settings";

type Widget = {
  render(el: HTMLElement, opts: Record<string, unknown>): string | number;
  remove?(id: string | number): void;
};
type ReCaptcha = { ready(cb: () => void): void; execute(siteKey: string, opts: { action: string }): Promise<string> };
type ProviderGlobals = { turnstile?: Widget; hcaptcha?: Widget; grecaptcha?: ReCaptcha };

// The server's refusals that a solved CAPTCHA answers (a lock, too: docs/operations.md "Lockout").
const ASKS_FOR_CAPTCHA = new Set(["MISSING_RESPONSE", "VERIFICATION_FAILED", "ACCOUNT_TEMPORARILY_LOCKED"]);

let loading: Promise<void> | null = null;
function loadScript(config: CaptchaSettings): Promise<void> {
  if (loading) return loading;
  const url = new URL(config.scriptUrl);
  if (config.provider === "recaptcha") url.searchParams.set("render", config.siteKey);
  else url.searchParams.set("render", "explicit");
  loading = new Promise<void>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url.toString();
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => {
      loading = null;
      reject(new Error("captcha script"));
    };
    document.head.appendChild(script);
  });
  return loading;
}

function CaptchaWidget({ config, action, onToken }: { config: CaptchaSettings; action: string; onToken: (t: string | null) => void }) {
  const holder = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let widget: { api: Widget; id: string | number } | null = null;
    let gone = false;
    loadScript(config)
      .then(() => {
        const g = window as unknown as ProviderGlobals;
        if (gone || !holder.current) return;
        if (config.provider === "recaptcha") {
          g.grecaptcha?.ready(() => void g.grecaptcha?.execute(config.siteKey, { action }).then((t) => !gone && onToken(t)));
          return;
        }
        const api = config.provider === "turnstile" ? g.turnstile : g.hcaptcha;
        if (!api) return setFailed(true);
        const id = api.render(holder.current, {
          sitekey: config.siteKey,
          action,
          callback: (t: string) => onToken(t),
          "expired-callback": () => onToken(null),
          "error-callback": () => onToken(null),
        });
        widget = { api, id };
      })
      .catch(() => !gone && setFailed(true));
    return () => {
      gone = true;
      if (widget?.api.remove) widget.api.remove(widget.id);
    };
  }, []);
  return (
    <div class="captcha">
      <p class="hint">{en.captcha.prompt}</p>
      <div ref={holder} data-testid="captcha-widget" />
      {failed && <p class="hint hint-bad" role="alert">{en.captcha.failedToLoad}</p>}
    </div>
  );
}

/**
 * The CAPTCHA of one form, for the route family it posts to (sign-in, sign-up,
 * request-password-reset). `widget` is what to render in the form; `headers` what the call sends;
 * `missing` says the widget is shown but not solved yet; `afterSubmit(error)` shows the widget when
 * the server asked for one and renews a used token.
 */
export function useCaptcha(route: string) {
  const config = pageSettings.captcha;
  const [shown, setShown] = useState(!!config && config.always.includes(route));
  const [token, setToken] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  return {
    widget: shown && config ? <CaptchaWidget key={round} config={config} action={route} onToken={setToken} /> : null,
    headers: (): Record<string, string> => (token ? { "x-captcha-response": token } : {}),
    missing: shown && !token,
    afterSubmit(error: ApiError) {
      if (shown && token) {
        setToken(null);
        setRound((r) => r + 1);
      }
      if (config && error?.code && ASKS_FOR_CAPTCHA.has(error.code.toUpperCase())) setShown(true);
    },
  };
}
