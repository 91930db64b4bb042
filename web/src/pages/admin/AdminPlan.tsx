// One account's plan in the admin console (docs/plans.md): plan, this month's usage and caps
// (GET /admin/plan, billing:read), and with billing:update a plan picker and the own spend cap
// (POST /admin/set-plan, audited plan.admin_set). Shown when plans are on (page setting `plans`).
import { useEffect, useState } from "preact/hooks";
import { Notice } from "../../components/Alert";
import { Field } from "../../components/Field";
import { en } from "../../i18n/en";
import { AdminAlert } from "./AdminAlert";
import { adminMessage, latchkeyGet, latchkeyPost } from "./shared";

type Limits = {
  plan: string; month: string; usage: Record<string, number>; caps: Record<string, number | null>;
  capped: boolean; ownSpendCapCents: number | null;
};

export function AdminPlan({ userId, canUpdate, plans }: { userId: string; canUpdate: boolean; plans: string[] }) {
  const [limits, setLimits] = useState<Limits | null>(null);
  const [plan, setPlan] = useState("");
  const [cap, setCap] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = async () => {
    const res = await latchkeyGet<Limits>("/admin/plan", { userId });
    if (res.error || !res.data) return setError(adminMessage(res.error));
    setLimits(res.data);
    setPlan(res.data.plan);
    setCap(res.data.ownSpendCapCents?.toString() ?? "");
  };
  useEffect(() => {
    void load();
  }, [userId]);

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setNotice(null);
    const n = Number.parseInt(cap, 10);
    const spendCapCents = cap.trim() === "" || !Number.isFinite(n) ? null : n;
    const res = await latchkeyPost<Limits>("/admin/set-plan", { userId, plan, spendCapCents });
    setBusy(false);
    if (res.error) return setError(adminMessage(res.error));
    setNotice(en.plan.switched);
    await load();
  };

  if (!limits) return <AdminAlert text={error} />;
  return (
    <section aria-labelledby="admin-plan-title">
      <h3 id="admin-plan-title">{en.plan.title}</h3>
      <AdminAlert text={error} />
      <Notice text={notice} />
      <dl class="summary">
        <dt>{en.plan.current}</dt>
        <dd data-testid="admin-plan-name">{limits.plan}</dd>
        <dt>{en.plan.month}</dt>
        <dd>{limits.month}</dd>
        {Object.keys(limits.caps).flatMap((m) => [
          <dt key={`t-${m}`}>{en.plan.meters[m] ?? m}</dt>,
          <dd key={`d-${m}`}>{en.plan.usageOf(limits.usage[m] ?? 0, limits.caps[m])}</dd>,
        ])}
      </dl>
      {canUpdate && (
        <form onSubmit={save}>
          <div class="field">
            <label for="admin-plan">{en.plan.current}</label>
            <select id="admin-plan" value={plan} onChange={(e) => setPlan((e.target as HTMLSelectElement).value)}>
              {plans.map((p) => <option key={p} value={p}>{p}</option>)}
            </select>
          </div>
          <Field id="admin-spend-cap" label={en.plan.ownCap} type="text" inputMode="numeric" autocomplete="off" value={cap} onInput={setCap} />
          <button type="submit" class="primary" disabled={busy}>{en.plan.saveCap}</button>
        </form>
      )}
    </section>
  );
}
