// clusterpolicy comparison page: plain JS, no build step, talks only to this server's /api.
// All text from the server or the user goes through textContent, never innerHTML.
// Terms of the outputs (statuses, verdicts, provenance, …) come from the one glossary, GET /api/glossary;
// WORDS holds only the page's own labels.
// input.js (the tabs, the form, an uploaded file) and pathway.js (margins, the pathway, what-if) follow it.
"use strict";

const WORDS = {
  en: {
    title: "SME characteristic industrial clusters: eligibility side by side", input_title: "The cluster", tab_text: "Paste or upload",
    tab_form: "Fill in a form", text_hint: "A cluster profile in TOML or JSON (the same file the command line reads).", profile_label: "Cluster profile",
    upload: "Upload a file", format: "Format", auto: "detect",
    form_hint: "The main fields only; anything left empty is sent as missing (the criteria that need it show as unknown), never as zero.",
    f_name: "Cluster name", f_province: "Province", f_county: "County-level division", f_date: "Assessment date", f_area: "Area (km²)",
    f_provincial: "Already a provincial cluster", f_county_only: "Within one county", f_special: "Special circumstances (COVID) claim",
    f_rank: "Ranks at the front of its sub-sector", rank_national: "nationally", rank_provincial: "in the province", rank_none: "neither",
    f_champions: "Single champions", f_giants: "Little giants",
    f_specialised: "专精特新 SMEs", f_hightech: "High-tech enterprises", f_years: "Figures per year", f_year: "Year", f_total: "Total output (亿元)",
    f_sme: "SME output (亿元, ≤ total)", f_leading: "Leading-industry output (亿元, ≤ total)", f_rd: "SME R&D (亿元)", f_patents: "Invention patents",
    f_employees: "Employees", regimes: "Regimes", rules_link: "rules", as_of: "Assess as of (optional)", compare: "Compare",
    only_diff: "only rows that differ", expand_all: "Show every reason", collapse_all: "Hide the reasons",
    take_away: "Take away:", download_xlsx: "Excel (XLSX)", download_csv: "CSV", download: "JSON", print: "Print",
    permalink: "Copy a link to this view", copied: "Link copied (it is also in the address bar).",
    legend: "Δ: status or requirement differs · ±: the criterion exists in some regimes only · §: only the article cited differs (not counted as a difference). Open a row (click, or Enter/Space) for the reasons and citations.",
    verdict: "Verdict", as_of_word: "as of", absent: "—", missing: "Missing inputs", warnings: "Notes", removed: "Parent's criteria not applied",
    removed_by: "removed by", failed: "failed", unknown_n: "unknown", not_encoded_n: "not encoded", decisive: "Why",
    no_reasons: "Every criterion is met.", yes: "yes", no: "no", unknown: "(not given)", working: "Evaluating…",
    empty: "Paste or upload a profile first.", none_selected: "Pick at least one regime.", error: "Error",
    unreachable: "The server could not be reached.", province_regime: "Preselected: national and {name}, the profile's province.",
    province_empty: "{name} has a regime, but nothing of it is encoded: it is not preselected.",
    why_incomplete: "{regime} is incomplete: {n} criteria are not encoded (no source states them; check them by hand).",
    citation_only: "only the citation differs", back: "← Compare a cluster", rules_of: "Rules of",
    lineage: "Inherits from", sources: "Source documents", requirement: "Requirement", citation: "Citation", provenance: "Provenance",
    origin: "Written by", replaces: "overrides {parent}", rule: "Rule", family: { criteria: "Criteria", timelines: "Timelines", revocation_grounds: "Revocation grounds", case_categories: "Typical-case categories", case_calls: "Typical-case calls" },
    criterion: "Criterion", inherited_from: "inherited from {origin}", amended: "{paths} changed by {by}", interpretation: "Interpretation",
    declared_by: "Declared by {by}: {note}", declared_n: "declared", inferred_n: "inferred", declarable_n: "declarable",
    not_inherited: "not inherited ({origin}'s own rule)", not_inherited_head: "Parent's criteria not inherited (its own level or procedure)",
    declared_head: "The verdict rests on these declarations", interpretations_head: "What the rules' authors inferred",
    requirement_differs: "Only the requirement differs", children_inherit: "Children inherit", yes_word: "yes", no_word: "no",
  },
  zh: {
    title: "中小企业特色产业集群:各制度认定条件对照", input_title: "集群", tab_text: "粘贴或上传", tab_form: "填写表单",
    text_hint: "TOML 或 JSON 格式的集群档案(与命令行读取的文件相同)。", profile_label: "集群档案", upload: "上传文件", format: "格式", auto: "自动识别",
    form_hint: "仅含主要字段;留空的字段按“缺失”提交(相关指标显示为缺数据),绝不当作零。",
    f_name: "集群名称", f_province: "省份", f_county: "县级区划", f_date: "评估日期", f_area: "占地面积(平方公里)", f_provincial: "已认定为省级集群",
    f_county_only: "位于一个县级区划内", f_special: "主张特殊情况(新冠疫情等)", f_rank: "细分领域排名前列的层级",
    rank_national: "全国前列", rank_provincial: "全省前列", rank_none: "均不是",
    f_champions: "制造业单项冠军", f_giants: "专精特新“小巨人”", f_specialised: "专精特新中小企业", f_hightech: "高新技术企业",
    f_years: "各年数据", f_year: "年份", f_total: "集群总产值(亿元)", f_sme: "中小企业产值(亿元,不超过总产值)", f_leading: "主导产业产值(亿元,不超过总产值)", f_rd: "中小企业研发经费(亿元)",
    f_patents: "有效发明专利", f_employees: "从业人数", regimes: "认定制度", rules_link: "规则", as_of: "评估日期(可选)", compare: "对照",
    only_diff: "只看有差异的指标", expand_all: "展开全部理由", collapse_all: "收起理由",
    take_away: "带走:", download_xlsx: "Excel(XLSX)", download_csv: "CSV", download: "JSON", print: "打印", permalink: "复制本页链接",
    copied: "链接已复制(地址栏中也是此链接)。",
    legend: "Δ:结论或要求不同 · ±:仅部分制度有此指标 · §:仅引用条文不同(不计为差异)。打开一行(点击,或按回车/空格)查看理由和依据。",
    verdict: "结论", as_of_word: "评估日期", absent: "—", missing: "缺少的输入", warnings: "提示", removed: "不适用的上级指标",
    removed_by: "删除方", failed: "项不满足", unknown_n: "项缺数据", not_encoded_n: "项未编码", decisive: "理由",
    no_reasons: "各项指标均满足。", yes: "是", no: "否", unknown: "(未填)", working: "评估中…", empty: "请先粘贴或上传集群档案。",
    none_selected: "请至少选择一个制度。", error: "错误", unreachable: "无法连接服务器。", province_regime: "已预选:国家标准和档案所在省份的{name}。",
    province_empty: "{name}有认定制度,但其内容均未编码,未预选。",
    why_incomplete: "{regime} 不完整:{n} 项指标未编码(无可靠来源,须人工核对)。",
    citation_only: "仅引用条文不同", back: "← 对照一个集群", rules_of: "认定规则:", lineage: "继承自", sources: "依据文件",
    requirement: "要求", citation: "依据", provenance: "来源", origin: "制定方", replaces: "取代 {parent} 的规定", rule: "规则",
    family: { criteria: "认定标准", timelines: "时间节点", revocation_grounds: "撤销情形", case_categories: "典型案例类别", case_calls: "典型案例征集通知" },
    criterion: "指标", inherited_from: "承继自 {origin}", amended: "{by} 修改了 {paths}", interpretation: "解读",
    declared_by: "{by} 声明:{note}", declared_n: "项依据声明", inferred_n: "项含解读", declarable_n: "项可声明",
    not_inherited: "不承继({origin} 的本级规定)", not_inherited_head: "不承继的上级指标(上级本级或程序性规定)",
    declared_head: "结论所依据的声明", interpretations_head: "规则作者的解读(原文未明确)",
    requirement_differs: "仅要求不同", children_inherit: "下级承继", yes_word: "是", no_word: "否",
  },
};
const SYMBOL = { ge: "≥", gt: ">", le: "≤", lt: "<", eq: "=" };
const YEAR_FIELDS = ["total_output", "sme_output", "leading_output", "sme_rd_spending", "valid_invention_patents", "employees"];
const YEAR_LABELS = ["f_total", "f_sme", "f_leading", "f_rd", "f_patents", "f_employees"];
// What an official counts as a difference; a different citation alone is shown (§) but not counted.
const SUBSTANTIVE = ["presence", "status", "requirement"];

const state = {
  lang: (navigator.language || "").toLowerCase().startsWith("zh") ? "zh" : "en", mode: "text", regimes: [], glossary: null,
  integers: new Set(), result: null, pathway: null, error: null, view: "compare", resultText: "", request: null, open: new Set(), touched: false, expanded: false,
};
const $ = (sel) => document.querySelector(sel);
const t = (key) => WORDS[state.lang][key];
const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => values[k]);

// The one glossary (GET /api/glossary): term(group, value) in the page's language.
function term(group, value) {
  const entry = state.glossary && state.glossary[group] && state.glossary[group][value];
  return entry ? entry[state.lang] : value;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "dataset") Object.assign(node.dataset, v);
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

// --- the comparison document, read in one place (a change of its shape is an edit here) ---------

function readComparison(doc) {
  const c = doc.comparison;
  return {
    cluster: c.cluster,
    asOf: c.as_of,
    regimes: c.assessments.map((a) => ({
      id: a.regime, name: { zh: a.regime_zh, en: a.regime_en }, status: a.status, findings: a.findings,
      missing: a.missing, warnings: a.warnings, removed: a.removed, declared: a.declared || [],
      notInherited: a.not_inherited || [], fragile: a.fragile || [], nearest: a.nearest_misses || [],
    })),
    // JSON contract 2.0: a row points into each assessment's findings (finding_index), null where absent.
    rows: c.rows.map((r) => ({
      rule: r.rule, title: { zh: r.title_zh, en: r.title_en }, differs: r.differs,
      cells: r.finding_index.map((k, i) => (k === null ? null : c.assessments[i].findings[k])),
    })),
  };
}

const substantive = (row) => row.differs.some((d) => SUBSTANTIVE.includes(d));

// --- language -------------------------------------------------------------------------------

function applyLanguage() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  const button = $("#lang");
  button.textContent = state.lang === "zh" ? "English" : "中文";
  button.lang = state.lang === "zh" ? "en" : "zh-CN";
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const sel of document.querySelectorAll("select[data-kind=bool]")) {
    const value = sel.value;
    sel.replaceChildren(el("option", { value: "" }, t("unknown")), el("option", { value: "true" }, t("yes")), el("option", { value: "false" }, t("no")));
    sel.value = value;
  }
  for (const [i, row] of [...document.querySelectorAll("#year-rows tr")].entries()) labelYearRow(row, i);
  $("#legend").textContent = t("legend");
  $("#expand-all").textContent = state.expanded ? t("collapse_all") : t("expand_all");
  renderRegimes();
  suggestRegimes();
  if (state.result) renderResult();
  if (state.pathway) renderPathway();
  if (state.error) renderError();
  renderUploadNote();
  if (state.rules) renderRules();
}

// --- regimes and their defaults -------------------------------------------------------------

const encoded = (r) => (r.criteria_by_provenance.text || 0) + (r.criteria_by_provenance.secondary || 0) > 0;

function renderRegimes() {
  const box = $("#regimes");
  const checked = new Set([...box.querySelectorAll("input:checked")].map((i) => i.value));
  const first = box.querySelectorAll("input").length === 0;
  box.replaceChildren(el("legend", {}, t("regimes")));
  for (const r of state.regimes) {
    const input = el("input", { type: "checkbox", name: "regime", value: r.id, id: `regime-${r.id}` });
    input.checked = first ? encoded(r) : checked.has(r.id);
    input.addEventListener("change", () => { state.touched = true; });
    const name = state.lang === "zh" ? r.name_zh : r.name_en;
    const inferred = Object.values(r.inferred || {}).reduce((a, b) => a + b, 0);
    const declarable = (r.declarable || []).length;
    const counts = [[inferred, t("inferred_n")], [declarable, t("declarable_n")]].filter(([n]) => n).map(([n, w]) => `${n} ${w}`).join(" · ");
    box.append(el("span", { class: "regime", dataset: { inferred: String(inferred), declarable: String(declarable) } }, input,
      el("label", { for: `regime-${r.id}` }, ` ${name} [${r.id}]`), " ",
      counts ? el("small", { class: "regime-counts" }, `${counts} `) : null,
      el("a", { href: `/regimes/${encodeURIComponent(r.id)}` }, `(${t("rules_link")})`)));
  }
}

function profileProvince() {
  if (state.mode === "form") return $("#pane-form input[name=province]").value.trim();
  const text = $("#profile-text").value;
  const toml = text.match(/^\s*province\s*=\s*"([^"]*)"/m);
  if (toml) return toml[1].trim();
  const json = text.match(/"province"\s*:\s*"([^"]*)"/);
  return json ? json[1].trim() : "";
}

// The regime of a province: its name starts with the province's (海南 → 海南省中小企业…), or its id is the pinyin.
function regimeOfProvince(province) {
  if (!province) return null;
  const stem = province.replace(/(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)$/, "");
  return state.regimes.find((r) => r.level === "provincial" && (r.name_zh.startsWith(stem) || r.id === province.toLowerCase())) || null;
}

// National plus the profile's own province when it has an encoded regime, until the user picks by hand.
function suggestRegimes() {
  const hint = $("#regime-hint");
  const regime = regimeOfProvince(profileProvince());
  hint.hidden = !regime;
  if (!regime) return;
  const name = state.lang === "zh" ? regime.name_zh : regime.name_en;
  hint.textContent = fill(encoded(regime) ? t("province_regime") : t("province_empty"), { name });
  if (state.touched) return;
  for (const input of document.querySelectorAll("#regimes input[name=regime]")) {
    const r = state.regimes.find((x) => x.id === input.value);
    input.checked = r.parent === null || (r.id === regime.id && encoded(regime));
  }
}

function pickedRegimes() {
  return [...document.querySelectorAll("#regimes input:checked")].map((i) => i.value);
}

async function runCompare() {
  hideError();
  const request = requestBody();
  if (!request) return showError({ error: t("empty"), problems: [] });
  if (request.refused) return showError(request.refused);
  const picked = pickedRegimes();
  if (!picked.length) return showError({ error: t("none_selected"), problems: [] });
  const query = new URLSearchParams(picked.map((r) => ["regime", r]));
  if ($("#as-of").value) query.append("as_of", $("#as-of").value);
  const button = $("#compare");
  button.disabled = true;
  button.textContent = t("working");
  try {
    const response = await fetch(`/api/compare?${query}`, { method: "POST", headers: { "Content-Type": request.type }, body: request.body });
    const doc = JSON.parse(await response.text());
    if (!response.ok) return showError(doc);
    state.result = readComparison(doc);
    state.resultText = JSON.stringify(doc, null, 2);
    state.request = { ...request, query: query.toString() };
    if (!state.restoring) state.open.clear();
    renderResult();
    setView("compare");
    whatifPaths();
    const verdict = $("#verdict");
    verdict.scrollIntoView({ block: "start" });
    verdict.focus({ preventScroll: true });
  } catch (e) {
    showError({ error: t("unreachable"), problems: [String(e)] });
  } finally {
    button.disabled = false;
    button.textContent = t("compare");
  }
}

// An error in the page's language: an input error carries its Chinese (error_zh), file and field paths unchanged.
const errorText = (doc) => (state.lang === "zh" && doc.error_zh ? doc.error_zh : doc.error);

// An error replaces the result: the previous cluster's verdict must not stay on screen under it.
function showError(doc) {
  state.result = null;
  state.pathway = null;
  state.resultText = "";
  $("#result").hidden = true;
  $("#pathway").hidden = true;
  $("#verdict").hidden = true;
  state.error = doc;
  renderError();
}

// An error that offers a choice (an upload that is not UTF-8: read it as GB18030) has its button under it.
function renderError() {
  const box = $("#error");
  box.replaceChildren(el("strong", {}, `${t("error")}: `), el("pre", {}, errorText(state.error)));
  if (state.error.choice) {
    const button = el("button", { type: "button", id: "read-gb18030" }, t("read_gb18030"));
    button.addEventListener("click", state.error.choice);
    box.append(button);
  }
  box.hidden = false;
}

function hideError() {
  state.error = null;
  $("#error").hidden = true;
}

// --- the verdict first ----------------------------------------------------------------------

function reasonsOf(regime) {
  const fails = regime.findings.filter((f) => f.status === "fail" || f.status === "declared_not_met");
  if (fails.length) return fails.map((f) => `${title(f)}: ${reason(f)}`);
  const open = regime.findings.filter((f) => f.status === "unknown" || f.status === "not_encoded");
  if (open.length) return open.map((f) => `${title(f)}: ${reason(f)}`);
  return regime.warnings.map((n) => n[state.lang]);
}

function renderVerdict(c) {
  $("#verdict-title").textContent = `${t("verdict")} — ${c.cluster} (${t("as_of_word")} ${c.asOf})`;
  const banners = c.regimes.map((r) => {
    const count = (s) => r.findings.filter((f) => f.status === s).length;
    const inferred = r.findings.filter((f) => interpretations(f).length).length;
    const counts = [[count("fail") + count("declared_not_met"), t("failed")], [count("unknown"), t("unknown_n")],
      [count("not_encoded"), t("not_encoded_n")], [r.declared.length, t("declared_n")], [inferred, t("inferred_n")]]
      .filter(([n]) => n).map(([n, w]) => `${n} ${w}`).join(" · ");
    const reasons = reasonsOf(r);
    return el("div", { class: `banner ${r.status}`, dataset: { regime: r.id, overall: r.status }, role: "group", "aria-labelledby": `banner-${r.id}` },
      el("h3", { id: `banner-${r.id}` }, `${r.name[state.lang]} [${r.id}]: `, el("strong", { class: "overall-word" }, term("overall", r.status))),
      counts ? el("p", { class: "counts" }, counts) : null,
      el("p", { class: "why" }, `${t("decisive")}:`),
      reasons.length ? el("ul", {}, ...reasons.map((x) => el("li", {}, x))) : el("p", {}, t("no_reasons")));
  });
  $("#banners").replaceChildren(...banners);
  $("#verdict").hidden = false;
}

// --- the table ------------------------------------------------------------------------------

function mark(row) {
  if (row.differs.includes("status") || row.differs.includes("requirement")) return "Δ";
  if (row.differs.includes("presence")) return "±";
  return row.differs.includes("citation") ? "§" : "";
}

function requirement(f) {
  if (f.threshold === null || f.op === null || f.kind === "rank") return "";
  return ` (${SYMBOL[f.op] || f.op}${f.threshold}${f.unit || ""})`;
}

function cite(c) {
  if (!c) return "";
  return `${c.document} ${c.item_unknown ? term("citation", "item_unknown") : c.item}`;
}

function citation(c, provenance) {
  if (!c) return "";
  return `${cite(c)}${provenance ? ` · ${term("provenance", provenance)}` : ""}`;
}

// Whose rule a finding applies and on what authority: the citation, "inherited from …", each amendment's
// own citation for the parts it changed, and the interpretation flag.
function provenanceLine(f) {
  const parts = [citation(f.citation, f.provenance)];
  if (f.inherited_from) parts.push(fill(t("inherited_from"), { origin: f.inherited_from }));
  for (const a of f.amendments || []) {
    parts.push(`${fill(t("amended"), { by: a.by, paths: a.paths.join(", ") })}: ${citation(a.citation, a.provenance)}`);
  }
  if (f.interpretation || (f.amendments || []).some((a) => a.interpretation)) parts.push(t("interpretation"));
  return parts.join(" · ");
}

function interpretations(f) {
  const notes = f.interpretation ? [f.interpretation[`note_${state.lang}`]] : [];
  for (const a of f.amendments || []) if (a.interpretation) notes.push(`${a.by}: ${a.interpretation[`note_${state.lang}`]}`);
  return notes;
}

const reason = (f) => (state.lang === "zh" ? f.reason_zh : f.reason_en);
const title = (f) => (state.lang === "zh" ? f.title_zh : f.title_en);

function renderResult() {
  const c = state.result;
  renderVerdict(c);
  const onlyDiff = $("#only-differing").checked;
  $("#result-title").textContent = `${c.cluster} (${t("as_of_word")} ${c.asOf})`;
  $("#comparison-caption").textContent = `${c.cluster}: ${c.regimes.map((r) => r.id).join(" / ")}`;
  const head = el("tr", {}, el("th", { class: "mark", scope: "col" }, el("span", { class: "visually-hidden" }, "Δ")), el("th", { scope: "col" }, t("criterion")));
  for (const r of c.regimes) head.append(el("th", { scope: "col", dataset: { regime: r.id } }, r.name[state.lang], el("br"), el("code", {}, r.id)));
  $("#comparison thead").replaceChildren(head);

  const body = [];
  for (const row of c.rows) {
    if (onlyDiff && !substantive(row)) continue;
    const m = mark(row);
    const open = state.expanded || state.open.has(row.rule);
    const detailId = `detail-${row.rule.replace(/[^a-z0-9_-]/gi, "_")}`;
    const disclose = el("button", { type: "button", class: "disclose", "aria-expanded": String(open), "aria-controls": detailId },
      row.title[state.lang]);
    const tr = el("tr", { class: `rule${substantive(row) ? " differs" : ""}`, dataset: { rule: row.rule, differs: row.differs.join(" ") } },
      el("td", { class: "mark", title: row.differs.join(", ") }, m),
      el("th", { scope: "row" }, disclose, el("br"), el("code", {}, row.rule)));
    row.cells.forEach((f, i) => {
      const label = c.regimes[i].id;
      if (!f) {
        const barred = c.regimes[i].notInherited.find((x) => x.rule === row.rule);
        return tr.append(el("td", { class: "absent", dataset: { status: barred ? "not_inherited" : "absent", label },
          title: barred ? fill(t("not_inherited"), { origin: barred.origin }) : null }, t("absent")));
      }
      tr.append(el("td", { class: `status ${f.status}`, dataset: { status: f.status, label, inherited: f.inherited_from || "" }, title: `${reason(f)}\n${provenanceLine(f)}` },
        term("status", f.status) + requirement(f) + marginShort(f.margin)));
    });
    tr.addEventListener("click", (e) => { if (!e.target.closest("button")) toggle(row.rule); });
    disclose.addEventListener("click", () => toggle(row.rule));
    body.push(tr, detailRow(row, c, detailId, open));
  }
  $("#comparison tbody").replaceChildren(...body);

  const foot = el("tr", {}, el("td"), el("th", { scope: "row" }, term("word", "result")));
  for (const r of c.regimes) {
    foot.append(el("td", { class: `overall ${r.status}`, dataset: { regime: r.id, overall: r.status, label: r.id } }, term("overall", r.status)));
  }
  $("#comparison tfoot").replaceChildren(foot);
  const incomplete = c.regimes.filter((r) => r.status === "incomplete")
    .map((r) => [r, r.findings.filter((f) => f.status === "not_encoded").length]).filter(([, n]) => n)
    .map(([r, n]) => fill(t("why_incomplete"), { regime: r.name[state.lang], n }));
  $("#why-incomplete").textContent = incomplete.join(" ");
  renderRegimeDetails(c);
  $("#result").hidden = false;
}

function detailRow(row, c, id, open) {
  const cell = el("td", { colspan: String(c.regimes.length + 2) });
  const list = el("dl");
  row.cells.forEach((f, i) => {
    const r = c.regimes[i];
    list.append(el("dt", {}, r.name[state.lang]));
    if (!f) {
      const removal = r.removed.find((o) => o.rule === row.rule);
      const barred = r.notInherited.find((x) => x.rule === row.rule);
      if (barred) return list.append(el("dd", { class: "not-inherited" }, fill(t("not_inherited"), { origin: barred.origin }), el("br"), el("small", {}, citation(barred.citation, barred.provenance))));
      if (!removal) return list.append(el("dd", {}, t("absent")));
      return list.append(el("dd", {}, `${t("removed_by")} ${removal.by}: ${state.lang === "zh" ? removal.reason_zh : removal.reason_en}`,
        el("br"), el("small", {}, citation(removal.citation, removal.provenance))));
    }
    list.append(el("dd", {}, `${term("status", f.status)} — ${reason(f)}`, el("br"), el("small", { class: "cite" }, provenanceLine(f))));
    if (f.margin) list.append(el("dd", { class: "margin" }, marginText(f.margin)));
    if (f.declaration) list.append(el("dd", { class: "declaration" }, fill(t("declared_by"), { by: f.declaration.by, note: f.declaration.note })));
    for (const note of interpretations(f)) list.append(el("dd", { class: "interpretation" }, `${t("interpretation")}: ${note}`));
    if (f.citation && f.citation.quote) list.append(el("dd", {}, el("q", {}, f.citation.quote)));
  });
  if (row.differs.includes("requirement") && !row.differs.includes("status")) {
    const shown = row.cells.map((f, i) => (f ? `${c.regimes[i].id} ${requirement(f).trim() || "—"}` : null)).filter(Boolean);
    list.append(el("dt", {}, "Δ"), el("dd", { class: "requirement-differs" }, `${t("requirement_differs")}: ${shown.join(" · ")}`));
  }
  if (row.differs.includes("citation") && !substantive(row)) list.append(el("dt", {}, "§"), el("dd", {}, t("citation_only")));
  cell.append(list);
  const tr = el("tr", { class: "detail", id, dataset: { detailFor: row.rule } }, cell);
  tr.hidden = !open;
  return tr;
}

function renderRegimeDetails(c) {
  const blocks = c.regimes.map((r) => {
    const parts = [el("h3", {}, `${r.name[state.lang]} [${r.id}]`), ...closestLists(r)];
    if (r.missing.length) parts.push(el("h4", {}, t("missing")), el("ul", { class: "missing" }, ...r.missing.map((m) => el("li", {}, el("code", {}, m)))));
    if (r.warnings.length) parts.push(el("h4", {}, t("warnings")), el("ul", { class: "warnings" }, ...r.warnings.map((n) => el("li", {}, n[state.lang]))));
    const declared = r.findings.filter((f) => f.declaration);
    if (declared.length) {
      parts.push(el("h4", {}, t("declared_head")), el("ul", { class: "declared" }, ...declared.map((f) => el("li", {},
        el("code", {}, f.rule), ` — ${term("status", f.status)}: ${fill(t("declared_by"), { by: f.declaration.by, note: f.declaration.note })}`))));
    }
    const inferred = r.findings.filter((f) => interpretations(f).length);
    if (inferred.length) {
      parts.push(el("h4", {}, t("interpretations_head")), el("ul", { class: "interpretations" }, ...inferred.map((f) => el("li", {},
        el("code", {}, f.rule), ` — ${interpretations(f).join("; ")}`))));
    }
    if (r.removed.length) {
      parts.push(el("h4", {}, t("removed")), el("ul", { class: "removed" }, ...r.removed.map((o) => el("li", {},
        el("code", {}, o.rule), ` — ${t("removed_by")} ${o.by}: ${state.lang === "zh" ? o.reason_zh : o.reason_en} `, el("small", {}, `[${citation(o.citation, o.provenance)}]`)))));
    }
    if (r.notInherited.length) {
      parts.push(el("h4", {}, t("not_inherited_head")), el("ul", { class: "not-inherited" }, ...r.notInherited.map((x) => el("li", {},
        el("code", {}, x.rule), ` — ${state.lang === "zh" ? x.title_zh : x.title_en} `, el("small", {}, `[${x.origin}: ${citation(x.citation, x.provenance)}]`)))));
    }
    return el("section", { class: "regime-detail", dataset: { regime: r.id }, "aria-label": r.name[state.lang] }, ...parts);
  });
  $("#regime-details").replaceChildren(...blocks);
}

// Open or close one row in place: the button keeps the focus, aria-expanded follows.
function toggle(rule) {
  const open = !state.open.has(rule);
  if (open) state.open.add(rule);
  else state.open.delete(rule);
  const tr = document.querySelector(`#comparison tr.rule[data-rule="${CSS.escape(rule)}"]`);
  if (!tr) return;
  tr.querySelector("button.disclose").setAttribute("aria-expanded", String(open));
  tr.nextElementSibling.hidden = !open;
  updateLink();
}

// --- taking the result away -----------------------------------------------------------------

function save(blob, name) {
  const link = el("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 0);
}

function download() {
  save(new Blob([state.resultText + "\n"], { type: "application/json" }), "clusterpolicy-comparison.json");
}

async function downloadTable(format) {
  const r = state.request;
  const query = new URLSearchParams(r.query);
  query.append("format", format);
  query.append("lang", state.lang);
  const response = await fetch(`/api/compare/table?${query}`, { method: "POST", headers: { "Content-Type": r.type }, body: r.body });
  if (!response.ok) return showError(await response.json());
  save(await response.blob(), `clusterpolicy-comparison.${format}`);
}

// The view as a link: input, regimes, date, language, filter, open rows and the tab shown (side by side or
// the pathway, which needs nothing more: it is the input's, as of the date), in the address's #fragment.
function viewState() {
  const form = {};
  for (const input of document.querySelectorAll("#pane-form input, #pane-form select")) {
    const key = input.name === "year" || YEAR_FIELDS.includes(input.name) ? `${input.name}@${[...document.querySelectorAll("#year-rows tr")].indexOf(input.closest("tr"))}` : input.name;
    if (input.value) form[key] = input.value;
  }
  return {
    mode: state.mode, text: $("#profile-text").value, format: $("#profile-format").value, form, regimes: pickedRegimes(),
    as_of: $("#as-of").value, lang: state.lang, only: $("#only-differing").checked, open: [...state.open], expanded: state.expanded,
    view: state.view,
  };
}

function encodeView(view) {
  const bytes = new TextEncoder().encode(JSON.stringify(view));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decodeView(text) {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0))));
}

function updateLink() {
  if (state.result || state.pathway) history.replaceState(null, "", `#view=${encodeView(viewState())}`);
}

async function copyLink() {
  updateLink();
  try { await navigator.clipboard.writeText(location.href); } catch (e) { /* the address bar has it */ }
  const note = $("#regime-hint");
  note.hidden = false;
  note.textContent = t("copied");
}

async function restoreView() {
  const match = location.hash.match(/^#view=(.+)$/);
  if (!match) return;
  let view;
  try { view = decodeView(match[1]); } catch (e) { return; }
  state.lang = view.lang === "zh" ? "zh" : "en";
  applyLanguage();
  $("#profile-text").value = view.text || "";
  $("#profile-format").value = view.format || "auto";
  for (const input of document.querySelectorAll("#pane-form input, #pane-form select")) {
    const key = input.name === "year" || YEAR_FIELDS.includes(input.name) ? `${input.name}@${[...document.querySelectorAll("#year-rows tr")].indexOf(input.closest("tr"))}` : input.name;
    if (key in view.form) input.value = view.form[key];
  }
  setMode(view.mode === "form" ? "form" : "text");
  state.touched = true;
  for (const input of document.querySelectorAll("#regimes input[name=regime]")) input.checked = view.regimes.includes(input.value);
  $("#as-of").value = view.as_of || "";
  $("#only-differing").checked = !!view.only;
  state.open = new Set(view.open || []);
  state.expanded = !!view.expanded;
  state.restoring = true;
  await runCompare();
  if (view.view === "pathway") await runPathway();  // pathway.js
  state.restoring = false;
}

function setExpanded(expanded) {
  state.expanded = expanded;
  if (!expanded) state.open.clear();
  $("#expand-all").textContent = expanded ? t("collapse_all") : t("expand_all");
  if (state.result) renderResult();
  updateLink();
}

// --- a page per regime: every rule, its requirement, citation and provenance ----------------

async function showRules(id) {
  $("#input").hidden = true;
  $("#rules-page").hidden = false;
  const response = await fetch(`/api/regimes/${encodeURIComponent(id)}/rules`);
  const doc = await response.json();
  if (!response.ok) {
    $("#rules-page").hidden = true;
    return showError(doc);
  }
  state.rules = doc;
  renderRules();
}

function renderRules() {
  const doc = state.rules;
  const zh = state.lang === "zh";
  document.title = `${doc.regime} — clusterpolicy`;
  $("#rules-title").textContent = `${t("rules_of")} ${zh ? doc.name_zh : doc.name_en} [${doc.regime}]`;
  $("#rules-lineage").textContent = doc.lineage.length > 1 ? `${t("lineage")}: ${doc.lineage.slice(0, -1).join(" → ")}` : "";
  const parts = [];
  const families = [...new Set(doc.rules.map((r) => r.family))];
  for (const family of families) {
    const rows = doc.rules.filter((r) => r.family === family).map((r) => el("tr", { dataset: { rule: r.id } },
      el("th", { scope: "row", "data-label": t("rule") }, zh ? r.title_zh : r.title_en, el("br"), el("code", {}, r.id)),
      el("td", { "data-label": t("requirement") }, zh ? r.requirement_zh : r.requirement_en),
      el("td", { "data-label": t("citation") }, r.citation ? cite(r.citation) : "",
        r.citation && r.citation.quote ? el("q", {}, r.citation.quote) : null,
        ...(r.amendments || []).map((a) => el("small", { class: "amendment" }, el("br"), `${fill(t("amended"), { by: a.by, paths: a.paths.join(", ") })}: ${citation(a.citation, a.provenance)}`)),
        r.interpretation ? el("small", { class: "interpretation" }, el("br"), `${t("interpretation")}: ${r.interpretation[`note_${state.lang}`]}`) : null),
      el("td", { "data-label": t("provenance"), class: `prov ${r.provenance || ""}` }, r.provenance ? term("provenance", r.provenance) : ""),
      el("td", { "data-label": t("origin") }, r.origin + (r.replaces ? ` (${fill(t("replaces"), { parent: r.replaces })})` : "")
        + (r.inherited_from ? ` (${fill(t("inherited_from"), { origin: r.inherited_from })})` : "")
        + ` · ${t("children_inherit")}: ${r.children_inherit ? t("yes_word") : t("no_word")}`)));
    parts.push(el("h3", { id: `family-${family}` }, t("family")[family] || family),
      el("table", { class: "rules", "aria-labelledby": `family-${family}` },
        el("thead", {}, el("tr", {}, ...[t("rule"), t("requirement"), t("citation"), t("provenance"), t("origin")].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, ...rows)));
  }
  if (doc.removed.length) {
    parts.push(el("h3", {}, t("removed")), el("ul", { class: "removed" }, ...doc.removed.map((o) => el("li", {},
      el("code", {}, `${o.family}: ${o.id}`), ` — ${t("removed_by")} ${o.by}: ${zh ? o.reason_zh : o.reason_en} `,
      el("small", {}, `[${citation(o.citation, o.provenance)}]`)))));
  }
  if ((doc.not_inherited || []).length) {
    parts.push(el("h3", {}, t("not_inherited_head")), el("ul", { class: "not-inherited" }, ...doc.not_inherited.map((x) => el("li", {},
      el("code", {}, `${x.family}: ${x.id}`), ` — ${zh ? x.title_zh : x.title_en} `, el("small", {}, `[${x.origin}: ${cite(x.citation)}]`)))));
  }
  parts.push(el("h3", {}, t("sources")), el("ul", {}, ...doc.sources.map((s) => el("li", {},
    `${s.id} — ${zh ? s.title_zh : s.title_en} (${term("provenance", s.provenance)})`))));
  $("#rules-body").replaceChildren(...parts);
}

// --- wiring ---------------------------------------------------------------------------------

async function start() {
  buildYearRows();
  applyLanguage();
  try {
    const [regimes, glossary] = await Promise.all([fetch("/api/regimes").then((r) => r.json()), fetch("/api/glossary").then((r) => r.json()), loadSchema()]);
    state.regimes = regimes.regimes;
    state.glossary = glossary.glossary;
  } catch (e) {
    return showError({ error: t("unreachable"), problems: [] });
  }
  applyLanguage();
  const page = location.pathname.match(/^\/regimes\/([^/]+)$/);
  if (page) return showRules(decodeURIComponent(page[1]));
  await restoreView();
  document.body.dataset.ready = "true";
}

document.addEventListener("DOMContentLoaded", () => {
  $("#lang").addEventListener("click", () => { state.lang = state.lang === "zh" ? "en" : "zh"; applyLanguage(); updateLink(); });
  $("#tab-text").addEventListener("click", () => setMode("text"));
  $("#tab-form").addEventListener("click", () => setMode("form"));
  for (const tab of document.querySelectorAll("#input [role=tab]")) {
    tab.addEventListener("keydown", (e) => {
      if (["ArrowLeft", "ArrowRight", "Home", "End"].includes(e.key)) {
        e.preventDefault();
        setMode(state.mode === "text" ? "form" : "text", true);
      }
    });
  }
  $("#profile-text").addEventListener("input", suggestRegimes);
  $("#pane-form input[name=province]").addEventListener("input", suggestRegimes);
  $("#compare").addEventListener("click", () => runCompare().then(updateLink));
  $("#pane-form").addEventListener("submit", (e) => { e.preventDefault(); runCompare().then(updateLink); });
  $("#only-differing").addEventListener("change", () => { renderResult(); updateLink(); });
  $("#expand-all").addEventListener("click", () => setExpanded(!state.expanded));
  $("#download").addEventListener("click", download);
  $("#download-xlsx").addEventListener("click", () => downloadTable("xlsx"));
  $("#download-csv").addEventListener("click", () => downloadTable("csv"));
  $("#print").addEventListener("click", () => window.print());
  $("#permalink").addEventListener("click", copyLink);
  start();
});
