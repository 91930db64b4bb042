// /account/plan (docs/plans.md): the user's plan and its features, this month's (UTC) usage of
// each metered cap with a banner at 80 % and at the cap, a switch along the plan's transitions
// (POST /plan) and the user's own lower spend cap (POST /limits). Shown when the page setting
// `plans` says the feature is on; the server checks every rule anyway.
import { Fragment } from "preact";
import { useEffect, useState } from "preact/hooks";
import { authClient, safely } from "../auth";
import { Alert, Notice } from "../components/Alert";
import { Field, Submit } from "../components/Field";
import { useAction } from "../components/useAction";
import { en } from "../i18n/en";

type Limits = {
  plan: string; features: string[]; month: string;
  usage: Record<string, number>; caps: Record<string, number | null>; capped: boolean;
  ownSpendCapCents: number | null;
};
type PlanInfo = { plan: string; transitions: string[] };

export function Plan() {
  const [limits, setLimits] = useState<Limits | null>(null);
  const [plan, setPlan] = useState<PlanInfo | null>(null);
  const [cap, setCap] = useState("");
  const act = useAction();

  const load = async () => {
    const [l, p] = await Promise.all([
      safely(() => authClient.$fetch<Limits>("/limits", { method: "GET" })),
      safely(() => authClient.$fetch<PlanInfo>("/plan", { method: "GET" })),
    ]);
    if (l.data) {
      setLimits(l.data as Limits);
      setCap((l.data as Limits).ownSpendCapCents?.toString() ?? "");
    }
    if (p.data) setPlan(p.data as PlanInfo);
  };
  useEffect(() => {
    void load();
  }, []);

  const switchTo = (to: string) => act.run(() => authClient.$fetch("/plan", { method: "POST", body: { plan: to } }), en.plan.switched, load);
  const saveCap = (e: Event) => {
    e.preventDefault();
    const n = Number.parseInt(cap, 10);
    const spendCapCents = cap.trim() === "" || !Number.isFinite(n) ? null : n;
    return act.run(() => authClient.$fetch("/limits", { method: "POST", body: { spendCapCents } }), en.plan.capSaved, load);
  };

  if (!limits) return <p class="loading" role="status">{en.loading}</p>;
  const near = Object.entries(limits.caps).some(([m, c]) => c !== null && c > 0 && (limits.usage[m] ?? 0) * 5 >= c * 4);
  return (
    <section aria-labelledby="plan-title">
      <h2 id="plan-title">{en.plan.title}</h2>
      {limits.capped ? (
        <p class="alert alert-error" role="alert" data-testid="plan-banner">{en.plan.atCap}</p>
      ) : near ? (
        <p class="alert alert-error" role="status" data-testid="plan-banner">{en.plan.nearCap}</p>
      ) : null}
      <Alert text={act.error} />
      <Notice text={act.notice} />
      <dl class="summary">
        <dt>{en.plan.current}</dt>
        <dd data-testid="plan-name">{limits.plan}</dd>
        <dt>{en.plan.features}</dt>
        <dd>{limits.features.length ? limits.features.join(", ") : en.plan.noFeatures}</dd>
        <dt>{en.plan.month}</dt>
        <dd>{limits.month}</dd>
        {Object.keys(limits.caps).map((m) => (
          <Fragment key={m}>
            <dt>{en.plan.meters[m] ?? m}</dt>
            <dd data-testid={`usage-${m}`}>{en.plan.usageOf(limits.usage[m] ?? 0, limits.caps[m])}</dd>
          </Fragment>
        ))}
      </dl>
      {plan && plan.transitions.length > 0 && (
        <p class="actions">
          {plan.transitions.map((to) => (
            <button key={to} type="button" class="secondary" onClick={() => void switchTo(to)} disabled={act.busy}>
              {en.plan.switchTo(to)}
            </button>
          ))}
        </p>
      )}
      <form onSubmit={saveCap}>
        <Field id="spendCap" label={en.plan.ownCap} type="text" inputMode="numeric" autocomplete="off" value={cap} onInput={setCap} />
        <Submit busy={act.busy} label={en.plan.saveCap} busyLabel={en.plan.saveCap} />
      </form>
    </section>
  );
}
