// clusterpolicy page, part two: margins, the pathway tab and the what-if control (loaded after app.js,
// and input.js, whose helpers it uses: state, el, t, term, fill, $, requestBody, pickedRegimes, showError, hideError,
// errorText, updateLink, copyLink). The tab shown is part of the permalink (app.js viewState/restoreView).
// Sentences come from the one glossary (groups margin, pathway, whatif); text goes through textContent only.
"use strict";

Object.assign(WORDS.en, {
  view_compare: "Side by side", view_pathway: "Pathway to recognition", views: "What to show",
  whatif_title: "What if…", whatif_hint: "Change a per-year figure or a firm count (years.2024.total_output, firms.little_giants, …) and see only what it flips.",
  whatif_scope: "The page changes a per-year figure (years.<year>.total_output, …) or a firm count (firms.little_giants, …), to a number; any other profile path (provincial_cluster, front_rank, attestations.…) with the command line: clusterpolicy whatif PROFILE --set PATH=VALUE.",
  whatif_path: "Profile path", whatif_value: "New value", whatif_run: "Try it", fragile_head: "Fragile passes", nearest_head: "Nearest misses",
});
Object.assign(WORDS.zh, {
  view_compare: "各制度对照", view_pathway: "认定路径", views: "显示内容",
  whatif_title: "假设变化", whatif_hint: "修改某年的一项数据或某类企业的家数(如 years.2024.total_output、firms.little_giants),只看它改变了哪些结论。",
  whatif_scope: "网页上只能把某年的数据(years.<年份>.total_output 等)或某类企业的家数(firms.little_giants 等)改为一个数;档案的其他字段(provincial_cluster、front_rank、attestations.… 等)请用命令行:clusterpolicy whatif 档案文件 --set 路径=值。",
  whatif_path: "档案字段路径", whatif_value: "新值", whatif_run: "试算", fragile_head: "临界满足", nearest_head: "差距最小的未满足项",
});

// --- margins ----------------------------------------------------------------------------------

// A decimal string as the command line prints it: no trailing zeros ("38.50" → "38.5").
const num = (s) => (s !== null && s.includes(".") ? s.replace(/\.?0+$/, "") : s);

function marginShort(m) {
  if (!m) return "";
  return ` ${m.passes ? "+" : "−"}${m.exact ? "" : "≈"}${num(m.amount)}${m.unit}`;
}

function marginText(m) {
  if (!m) return "";
  const zh = state.lang === "zh";
  const unit = m.unit === "pp" ? term("margin", "pp") : m.unit;
  let text = `${term("margin", m.passes ? "passes_by" : "fails_by")} ${m.exact ? "" : term("margin", "about")}${num(m.amount)}${unit}`;
  if (m.relative !== null) text += zh ? `(${term("margin", "of_threshold")} ${num(m.relative)}%)` : ` (${num(m.relative)}% ${term("margin", "of_threshold")})`;
  if (m.at !== null) text += zh ? `,${m.at}${/^\d+$/.test(m.at) ? " 年" : ""}` : `, at ${m.at}`;
  return text;
}

// The fragile passes and nearest misses of one assessment, for its details block.
function closestLists(r) {
  const parts = [];
  for (const [key, rules] of [["fragile_head", r.fragile], ["nearest_head", r.nearest]]) {
    if (!rules.length) continue;
    const items = rules.map((rule) => {
      const f = r.findings.find((x) => x.rule === rule);
      return el("li", {}, el("code", {}, rule), ` — ${title(f)}: ${marginText(f.margin)}`);
    });
    parts.push(el("h4", {}, t(key)), el("ul", { class: key === "fragile_head" ? "fragile" : "nearest" }, ...items));
  }
  return parts;
}

// --- the pathway tab --------------------------------------------------------------------------

function setView(view) {
  state.view = view;
  for (const [id, name] of [["view-compare", "compare"], ["view-pathway", "pathway"]]) {
    const tab = $(`#${id}`);
    tab.setAttribute("aria-selected", String(view === name));
    tab.tabIndex = view === name ? 0 : -1;
  }
  $("#pathway").hidden = view !== "pathway" || !state.pathway;
  $("#result").hidden = view !== "compare" || !state.result;
  $("#verdict").hidden = view !== "compare" || !state.result;
}

async function runPathway() {
  hideError();
  const request = requestBody();
  if (!request) return showError({ error: t("empty"), problems: [] });
  if (request.refused) return showError(request.refused);
  const query = new URLSearchParams();
  if ($("#as-of").value) query.append("as_of", $("#as-of").value);
  try {
    const response = await fetch(`/api/pathway?${query}`, { method: "POST", headers: { "Content-Type": request.type }, body: request.body });
    const doc = JSON.parse(await response.text());
    if (!response.ok) return showError(doc);
    state.pathway = doc.pathway;
    renderPathway();
    setView("pathway");
    updateLink();
    $("#pathway").focus({ preventScroll: true });
  } catch (e) {
    showError({ error: t("unreachable"), problems: [String(e)] });
  }
}

function formula(x) {
  return state.lang === "zh" ? `(${x.last_year}年值 ÷ ${x.first_year}年值)^(1/${x.steps}) − 1` : `(${x.last_year} / ${x.first_year})^(1/${x.steps}) − 1`;
}

function projectionText(x) {
  const w = (key, values = {}) => fill(term("pathway", key), values);
  if (x.blocked_en !== null) return w("projection_blocked", { why: state.lang === "zh" ? x.blocked_zh : x.blocked_en });
  const values = {
    formula: formula(x), rate: num(x.rate), first: x.first_year, last: x.last_year, field: x.field, window: x.window,
    op: state.lang === "zh" ? { ge: "不低于", gt: "高于" }[x.op] : SYMBOL[x.op], threshold: x.threshold, unit: x.unit,
    horizon: x.horizon, year: x.meets_in, value: num(x.value_then),
  };
  if (x.meets_in !== null) return w("projection_meets", values);
  return w(x.never ? "projection_never" : "projection_beyond", values);
}

function renderPathway() {
  const p = state.pathway;
  const w = (key, values = {}) => fill(term("pathway", key), values);
  const name = (r) => (state.lang === "zh" ? r.name_zh : r.name_en) + (r.regime ? ` [${r.regime}]` : "");
  const parts = [el("h2", { id: "pathway-title" }, `${w("title")} — ${p.cluster} (${t("as_of_word")} ${p.as_of})`),
    el("p", { class: "hint" }, `${w("province")}: ${p.province || "—"} · ${w("ladder")}: ${p.rungs.map(name).join(" → ")}`)];
  const steps = el("ol", { class: "rungs" });
  for (const r of p.rungs) {
    const li = el("li", { class: `rung ${r.status || "not-loaded"}`, dataset: { regime: r.regime || "", status: r.status || "" } },
      el("h3", {}, `${w("step", { n: r.step })} — ${name(r)}: `, el("strong", {}, r.status ? term("overall", r.status) : "—")));
    for (const n of r.notes.filter((x) => x.code === "not_loaded")) li.append(el("p", { class: "note" }, n[state.lang]));
    if (r.recognised) li.append(el("p", {}, w("recognised")));
    if (r.assessment) renderRung(li, r, p, w);
    steps.append(li);
  }
  parts.push(steps, ...p.notes.map((n) => el("p", { class: "hint projection-note" }, n[state.lang])));
  const link = el("button", { type: "button", id: "pathway-permalink" }, t("permalink"));
  link.addEventListener("click", copyLink);
  parts.push(el("div", { class: "row toolbar" }, link));
  $("#pathway").replaceChildren(...parts);
}

function renderRung(li, r, p, w) {
  const a = r.assessment;
  const below = p.rungs.find((x) => x.step < r.step);
  for (const rule of r.requires) {
    const f = a.findings.find((x) => x.rule === rule);
    if (!below) continue;
    const key = f.status === "not_applicable" ? "requires_exempt" : "requires";
    li.append(el("p", { class: "requires" }, w(key, { rule, title: title(f), cite: cite(f.citation), status: term("status", f.status), reason: reason(f), n: below.step })));
  }
  li.append(el("h4", {}, w("gaps")));
  const gaps = el("ul", { class: "gaps" });
  if (!r.gaps.length) gaps.append(el("li", {}, w("nothing")));
  for (const g of r.gaps) {
    const f = a.findings[g.finding_index];
    let head = `${title(f)}: ${term("status", f.status)}`;
    if (f.margin) head += `, ${marginText(f.margin)}`;
    else if (g.declaration) head += `, ${w("declare", { path: g.declaration })}`;
    else if (f.missing.length) head += ` (${f.missing.join(", ")})`;
    const item = el("li", { dataset: { rule: g.rule } }, el("code", {}, g.rule), ` — ${head}`);
    if (g.projection) {
      item.append(el("p", { class: "projection" }, el("strong", {}, `${w("projection")}: `), projectionText(g.projection)));
      if (g.before_call !== null && r.next_call) {
        item.append(el("p", { class: "projection" }, w("before_call", { year: r.next_call.year, reads_to: r.next_call.reads_to, answer: term("requirement", g.before_call ? "yes" : "no") })));
      }
    }
    gaps.append(item);
  }
  li.append(gaps);
  if (r.missing.length) li.append(el("p", {}, `${w("missing")}: `, ...r.missing.map((m) => el("code", {}, `${m} `))));
  if (r.declarations.length) li.append(el("p", {}, `${w("declarations")}: `, ...r.declarations.map((d) => el("code", {}, `${d} `))));
  li.append(el("p", { class: "call" }, `${w("call")}: ${r.next_call ? callText(r.next_call, w) : r.notes.filter((n) => n.code !== "not_loaded").map((n) => n[state.lang]).join(" ")}`));
}

function callText(c, w) {
  const zh = state.lang === "zh";
  const quotas = c.quotas.map((q) => `${(zh ? q.names_zh : q.names_en).join(zh ? "、" : " / ")} ≤ ${q.at_most}`).join(zh ? ";" : "; ");
  let text = w("call_text", { year: c.year, deadline: c.deadline, recipient: zh ? c.recipient_zh : c.recipient_en, quotas });
  const over = zh ? c.over_quota_zh : c.over_quota_en;
  if (over) text += (zh ? "," : "; ") + w("over_quota", { text: over });
  return `${text} [${citation(c.citation, c.provenance)}]`;
}

// --- what if ----------------------------------------------------------------------------------

// The changes /api/whatif takes: its `set` parameter's published pattern (GET /openapi.json), read once.
async function whatifPattern() {
  if (!state.whatifPattern) {
    const doc = await (await fetch("/openapi.json")).json();
    const set = doc.paths["/api/whatif"].post.parameters.find((p) => p.name === "set");
    state.whatifPattern = new RegExp(set.schema.items.pattern);
  }
  return state.whatifPattern;
}

// The paths offered: the firm counts, the years' output and the inputs missing — only those the server takes
// (a per-year figure or a firm count; 0 is a value every one of them admits). None when the pattern cannot be read.
async function whatifPaths() {
  const paths = new Set(["firms.single_champions", "firms.little_giants", "firms.specialised_smes", "firms.innovative_smes", "firms.high_tech"]);
  for (const r of state.result ? state.result.regimes : []) {
    for (const f of r.findings) if (f.kind === "each_year" || f.kind === "growth") for (const m of f.measured) if (/^\d{4}$/.test(m.label)) paths.add(`years.${m.label}.total_output`);
    for (const m of r.missing) paths.add(m);
  }
  let pattern;
  try {
    pattern = await whatifPattern();
  } catch (e) {
    return $("#whatif-paths").replaceChildren();
  }
  $("#whatif-paths").replaceChildren(...[...paths].filter((p) => pattern.test(`${p}=0`)).sort().map((p) => el("option", { value: p })));
}

async function runWhatif(e) {
  e.preventDefault();
  const request = state.request;
  const path = $("#whatif-path").value.trim();
  if (!request || !path) return;
  const query = new URLSearchParams(pickedRegimes().map((r) => ["regime", r]));
  query.append("set", `${path}=${$("#whatif-value").value.trim()}`);
  if ($("#as-of").value) query.append("as_of", $("#as-of").value);
  const out = $("#whatif-result");
  try {
    const response = await fetch(`/api/whatif?${query}`, { method: "POST", headers: { "Content-Type": request.type }, body: request.body });
    const doc = JSON.parse(await response.text());
    if (!response.ok) return out.replaceChildren(el("p", { class: "error", role: "alert" }, errorText(doc)), el("p", { class: "hint" }, t("whatif_scope")));
    out.replaceChildren(...renderWhatif(doc.whatif));
  } catch (err) {
    out.replaceChildren(el("p", { class: "error" }, t("unreachable")));
  }
}

function renderWhatif(w) {
  const zh = state.lang === "zh";
  const parts = [el("p", {}, `${term("whatif", "changes")}: ${w.changes.map((c) => `${c.path}: ${c.before ?? "—"} → ${c.after ?? "—"}`).join("; ")}`)];
  for (const r of w.regimes) {
    // a verdict resting on declarations or a claimed waiver is marked *, as the comparison marks it
    const star = (waived, declared) => ((waived || []).length || (declared || []).length ? "*" : "");
    const before = term("overall", r.before) + star(r.waived_before, r.declared_before);
    const after = term("overall", r.after) + star(r.waived, r.declared);
    const verdict = r.before === r.after ? `${after} (${term("whatif", "unchanged")})` : `${before} → ${after}`;
    const block = el("div", { class: "whatif-regime", dataset: { regime: r.regime, before: r.before, after: r.after } },
      el("h4", {}, `${zh ? r.regime_zh : r.regime_en} [${r.regime}]: ${verdict}`));
    const rests = [[term("word", "declared"), r.declared || []], [term("status", "waived"), r.waived || []]].filter(([, ids]) => ids.length);
    if (rests.length) block.append(el("p", { class: "rests-on" }, `* ${term("whatif", "after")}: ${rests.map(([word, ids]) => `${word}: ${ids.join(", ")}`).join("; ")}`));
    const list = el("ul");
    if (!r.flips.length) list.append(el("li", {}, term("whatif", "nothing")));
    for (const f of r.flips) {
      list.append(el("li", { dataset: { rule: f.rule, before: f.before, after: f.after } }, el("code", {}, f.rule),
        ` — ${zh ? f.title_zh : f.title_en}: ${term("status", f.before)} → ${term("status", f.after)}${f.margin_after ? ` (${marginText(f.margin_after)})` : ""}`));
    }
    block.append(list);
    parts.push(block);
  }
  return parts;
}

document.addEventListener("DOMContentLoaded", () => {
  $("#view-compare").addEventListener("click", () => { setView("compare"); updateLink(); });
  $("#view-pathway").addEventListener("click", () => runPathway());
  for (const tab of document.querySelectorAll("#views [role=tab]")) {
    tab.addEventListener("keydown", (e) => {
      if (!["ArrowLeft", "ArrowRight", "Home", "End"].includes(e.key)) return;
      e.preventDefault();
      const next = state.view === "pathway" ? "view-compare" : "view-pathway";
      $(`#${next}`).focus();
      $(`#${next}`).click();
    });
  }
  $("#whatif").addEventListener("submit", runWhatif);
});
