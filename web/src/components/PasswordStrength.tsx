// The live strength meter of a new password: latchkey's POST /api/auth/password/check (its own
// route, same origin) answers {score 0-4, feedback {warning, suggestions}, common, breached,
// acceptable}. Debounced so typing sends one request per pause, and stale answers are dropped.
// The form's e-mail and name go along (`context`): the estimator counts them as guessable words.
import { useEffect, useState } from "preact/hooks";
import { en } from "../i18n/en";

type Check = {
  score?: number;
  feedback?: { warning?: string; suggestions?: string[] };
  common?: boolean;
  breached?: boolean | null;
  acceptable?: boolean;
};

const DEBOUNCE_MS = 300;

type Context = { email?: string; name?: string };

/** The non-empty context fields, trimmed and cut well inside the route's limits (320 and 256 bytes). */
function words(context: Context | undefined): Context {
  const out: Context = {};
  if (context?.email?.trim()) out.email = context.email.trim().slice(0, 64);
  if (context?.name?.trim()) out.name = context.name.trim().slice(0, 64);
  return out;
}

export function PasswordStrength({ id, password, context }: { id: string; password: string; context?: Context }) {
  const [check, setCheck] = useState<Check | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!password) {
      setCheck(null);
      setFailed(false);
      return;
    }
    const abort = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const res = await fetch("/api/auth/password/check", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ password, ...words(context) }),
          credentials: "same-origin",
          signal: abort.signal,
        });
        if (!res.ok) throw new Error(String(res.status));
        setCheck((await res.json()) as Check);
        setFailed(false);
      } catch {
        if (!abort.signal.aborted) setFailed(true);
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [password, context?.email, context?.name]);

  if (!password) return <div id={id} class="strength" />;
  if (failed) {
    return (
      <div id={id} class="strength">
        <p class="hint">{en.strength.unavailable}</p>
      </div>
    );
  }
  const score = typeof check?.score === "number" ? Math.max(0, Math.min(4, check.score)) : null;
  const warnings: string[] = [];
  if (check?.common) warnings.push(en.strength.common);
  if (check?.breached) warnings.push(en.strength.breached);
  if (check?.acceptable === false && warnings.length === 0) warnings.push(en.strength.notAcceptable);
  return (
    <div id={id} class="strength" aria-live="polite">
      {score !== null && (
        <>
          <div class="strength-row">
            <span id={`${id}-label`}>{en.strength.label}:</span>
            <strong>{en.strength.scores[score]}</strong>
          </div>
          <meter class={`meter meter-${score}`} min={0} max={4} low={2} high={3} optimum={4} value={score} aria-labelledby={`${id}-label`} />
        </>
      )}
      {warnings.map((w) => (
        <p class="hint hint-bad" key={w}>
          {w}
        </p>
      ))}
      {/* The route's feedback is English text, not codes (zxcvbn's wording, docs/operations.md
          "Strength"): shown verbatim, warning first, then the suggestions in the route's order. */}
      {check?.feedback?.warning && <p class="hint" data-testid="strength-warning">{check.feedback.warning}</p>}
      {check?.feedback?.suggestions && check.feedback.suggestions.length > 0 && (
        <ul class="hint" data-testid="strength-suggestions">
          {check.feedback.suggestions.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
