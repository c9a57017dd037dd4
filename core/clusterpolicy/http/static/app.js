// clusterpolicy comparison page: plain JS, no build step, talks only to this server's /api.
// All text from the server or the user goes through textContent, never innerHTML.
"use strict";

const WORDS = {
  en: {
    title: "SME characteristic industrial clusters: eligibility side by side", tab_text: "Paste or upload",
    tab_form: "Fill in a form", text_hint: "A cluster profile in TOML or JSON (the same file the command line reads).",
    upload: "Upload a file", format: "Format", auto: "detect",
    form_hint: "The main fields only; anything left empty is sent as missing (the criteria that need it show as unknown), never as zero.",
    f_name: "Cluster name", f_province: "Province", f_county: "County-level division", f_date: "Assessment date",
    f_provincial: "Already a provincial cluster", f_county_only: "Within one county", f_special: "Special circumstances (COVID) claim",
    f_rank: "Ranks at the front of its sub-sector", f_champions: "Single champions", f_giants: "Little giants",
    f_specialised: "专精特新 SMEs", f_hightech: "High-tech enterprises", f_year: "Year", f_total: "Total output (亿元)",
    f_sme: "SME output", f_leading: "Leading-industry output", f_rd: "SME R&D (亿元)", f_patents: "Invention patents",
    f_employees: "Employees", regimes: "Regimes", as_of: "Assess as of (optional)", compare: "Compare",
    only_diff: "only rows that differ", download: "Download JSON",
    legend: "Δ: status or requirement differs · ±: the criterion exists in some regimes only. Click a row for reasons and citations.",
    criterion: "Criterion", overall: "Result", as_of_word: "as of", absent: "—", missing: "Missing inputs",
    yes: "yes", no: "no", unknown: "(not given)", working: "Evaluating…", empty: "Paste or upload a profile first.",
    none_selected: "Pick at least one regime.", error: "Error", unreachable: "The server could not be reached.",
    status: { pass: "pass", fail: "FAIL", soft_fail: "soft fail", unknown: "unknown", waived: "waived", not_encoded: "not encoded", not_applicable: "n/a" },
    overallStatus: { eligible: "ELIGIBLE", ineligible: "INELIGIBLE", incomplete: "INCOMPLETE" },
  },
  zh: {
    title: "中小企业特色产业集群:各制度认定条件对照", tab_text: "粘贴或上传", tab_form: "填写表单",
    text_hint: "TOML 或 JSON 格式的集群画像(与命令行读取的文件相同)。", upload: "上传文件", format: "格式", auto: "自动识别",
    form_hint: "仅含主要字段;留空的字段按“缺失”提交(相关指标显示为缺数据),绝不当作零。",
    f_name: "集群名称", f_province: "省份", f_county: "县级区划", f_date: "评估日期", f_provincial: "已认定为省级集群",
    f_county_only: "位于一个县级区划内", f_special: "主张特殊情况(新冠疫情等)", f_rank: "细分领域排名前列的层级",
    f_champions: "制造业单项冠军", f_giants: "专精特新“小巨人”", f_specialised: "专精特新中小企业", f_hightech: "高新技术企业",
    f_year: "年份", f_total: "集群总产值(亿元)", f_sme: "中小企业产值", f_leading: "主导产业产值", f_rd: "中小企业研发经费(亿元)",
    f_patents: "有效发明专利", f_employees: "从业人数", regimes: "认定制度", as_of: "评估日期(可选)", compare: "对照",
    only_diff: "只看有差异的指标", download: "下载 JSON",
    legend: "Δ:结论或要求不同 · ±:仅部分制度有此指标。点击一行查看理由和依据。",
    criterion: "指标", overall: "结论", as_of_word: "评估日期", absent: "—", missing: "缺少的输入",
    yes: "是", no: "否", unknown: "(未填)", working: "评估中…", empty: "请先粘贴或上传集群画像。",
    none_selected: "请至少选择一个制度。", error: "错误", unreachable: "无法连接服务器。",
    status: { pass: "满足", fail: "不满足", soft_fail: "超出一般限值", unknown: "缺数据", waived: "豁免", not_encoded: "未编码", not_applicable: "不适用" },
    overallStatus: { eligible: "符合", ineligible: "不符合", incomplete: "不完整(不能判定)" },
  },
};
const SYMBOL = { ge: "≥", gt: ">", le: "≤", lt: "<", eq: "=" };
const YEAR_FIELDS = ["total_output", "sme_output", "leading_output", "sme_rd_spending", "valid_invention_patents", "employees"];

const state = { lang: (navigator.language || "").toLowerCase().startsWith("zh") ? "zh" : "en", mode: "text", regimes: [], result: null, resultText: "", open: new Set() };
const $ = (sel) => document.querySelector(sel);
const t = (key) => WORDS[state.lang][key];

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

// --- language -------------------------------------------------------------------------------

function applyLanguage() {
  document.documentElement.lang = state.lang;
  $("#lang").textContent = state.lang === "zh" ? "English" : "中文";
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const sel of document.querySelectorAll("select[data-kind=bool]")) {
    const value = sel.value;
    sel.replaceChildren(el("option", { value: "" }, t("unknown")), el("option", { value: "true" }, t("yes")), el("option", { value: "false" }, t("no")));
    sel.value = value;
  }
  renderRegimes();
  if (state.result) renderResult();
}

// --- regimes --------------------------------------------------------------------------------

async function loadRegimes() {
  try {
    const response = await fetch("/api/regimes");
    const doc = await response.json();
    state.regimes = doc.regimes;
    renderRegimes();
  } catch (e) {
    showError({ error: t("unreachable"), problems: [] });
  }
}

function renderRegimes() {
  const box = $("#regimes");
  const checked = new Set([...box.querySelectorAll("input:checked")].map((i) => i.value));
  const first = box.querySelectorAll("input").length === 0;
  box.replaceChildren(el("legend", {}, t("regimes")));
  for (const r of state.regimes) {
    const sources = r.sources.map((s) => `${s.id} ${state.lang === "zh" ? s.title_zh : s.title_en}`).join("\n");
    const input = el("input", { type: "checkbox", name: "regime", value: r.id });
    input.checked = first || checked.has(r.id);
    box.append(el("label", { title: sources }, input, ` ${state.lang === "zh" ? r.name_zh : r.name_en} [${r.id}]`));
  }
}

// --- input ----------------------------------------------------------------------------------

function setMode(mode) {
  state.mode = mode;
  $("#tab-text").classList.toggle("active", mode === "text");
  $("#tab-form").classList.toggle("active", mode === "form");
  $("#pane-text").hidden = mode !== "text";
  $("#pane-form").hidden = mode !== "form";
}

function buildYearRows() {
  const last = new Date().getFullYear() - 1;
  const body = $("#year-rows");
  for (let i = 2; i >= 0; i--) {
    const row = el("tr", {}, el("td", {}, el("input", { name: "year", value: String(last - i), inputmode: "numeric", size: "5" })));
    for (const f of YEAR_FIELDS) row.append(el("td", {}, el("input", { name: f, inputmode: "decimal", size: "8" })));
    body.append(row);
  }
}

// The form as a profile: empty fields are left out (missing), numbers stay text so decimals stay exact.
function formProfile() {
  const form = $("#pane-form");
  const profile = {};
  for (const input of form.querySelectorAll(".grid input, .grid select")) {
    const value = input.value.trim();
    if (!value) continue;
    const [head, tail] = input.name.split(".");
    const v = input.dataset.kind === "bool" ? value === "true" : value;
    if (tail) (profile[head] ??= {})[tail] = v;
    else profile[head] = v;
  }
  for (const row of form.querySelectorAll("#year-rows tr")) {
    const year = row.querySelector("input[name=year]").value.trim();
    const figures = {};
    for (const f of YEAR_FIELDS) {
      const value = row.querySelector(`input[name=${f}]`).value.trim();
      if (value) figures[f] = value;
    }
    if (year && Object.keys(figures).length) (profile.years ??= {})[year] = figures;
  }
  return profile;
}

function requestBody() {
  if (state.mode === "form") return { body: JSON.stringify(formProfile()), type: "application/json" };
  const text = $("#profile-text").value;
  if (!text.trim()) return null;
  let format = $("#profile-format").value;
  if (format === "auto") format = text.trimStart().startsWith("{") ? "json" : "toml";
  return { body: text, type: format === "json" ? "application/json" : "application/toml" };
}

async function runCompare() {
  hideError();
  const request = requestBody();
  if (!request) return showError({ error: t("empty"), problems: [] });
  const picked = [...document.querySelectorAll("#regimes input:checked")].map((i) => i.value);
  if (!picked.length) return showError({ error: t("none_selected"), problems: [] });
  const query = new URLSearchParams(picked.map((r) => ["regime", r]));
  if ($("#as-of").value) query.append("as_of", $("#as-of").value);
  const button = $("#compare");
  button.disabled = true;
  button.textContent = t("working");
  try {
    const response = await fetch(`/api/compare?${query}`, { method: "POST", headers: { "Content-Type": request.type }, body: request.body });
    const text = await response.text();
    const doc = JSON.parse(text);
    if (!response.ok) return showError(doc);
    state.result = doc.comparison;
    state.resultText = JSON.stringify(doc, null, 2);
    state.open.clear();
    renderResult();
  } catch (e) {
    showError({ error: t("unreachable"), problems: [String(e)] });
  } finally {
    button.disabled = false;
    button.textContent = t("compare");
  }
}

function showError(doc) {
  const box = $("#error");
  box.replaceChildren(el("strong", {}, `${t("error")}: `), el("pre", {}, doc.error));
  box.hidden = false;
}

function hideError() {
  $("#error").hidden = true;
}

// --- the table ------------------------------------------------------------------------------

function mark(row) {
  if (row.differs.includes("status") || row.differs.includes("requirement")) return "Δ";
  return row.differs.includes("presence") ? "±" : "";
}

function requirement(f) {
  if (f.threshold === null || f.op === null || f.kind === "rank") return "";
  return ` (${SYMBOL[f.op] || f.op}${f.threshold}${f.unit || ""})`;
}

function citation(f) {
  if (!f.citation) return "";
  return `${f.citation.document} ${f.citation.item}${f.provenance ? ` · ${f.provenance}` : ""}`;
}

function reason(f) {
  return state.lang === "zh" ? f.reason_zh : f.reason_en;
}

function renderResult() {
  const c = state.result;
  const zh = state.lang === "zh";
  const onlyDiff = $("#only-differing").checked;
  $("#result-title").textContent = `${c.cluster} (${t("as_of_word")} ${c.as_of})`;
  const head = el("tr", {}, el("th", { class: "mark" }), el("th", {}, t("criterion")));
  for (const a of c.assessments) head.append(el("th", { dataset: { regime: a.regime } }, `${zh ? a.regime_zh : a.regime_en}`, el("br"), el("code", {}, a.regime)));
  $("#comparison thead").replaceChildren(head);

  const body = [];
  for (const row of c.rows) {
    const m = mark(row);
    if (onlyDiff && !row.differs.length) continue;
    const tr = el("tr", { class: `rule${m ? " differs" : ""}`, dataset: { rule: row.rule, differs: row.differs.join(" ") }, tabindex: "0" },
      el("td", { class: "mark", title: row.differs.join(", ") }, m),
      el("th", { scope: "row" }, zh ? row.title_zh : row.title_en, el("br"), el("code", {}, row.rule)));
    cellsOf(row, c).forEach((f) => {
      if (!f) return tr.append(el("td", { class: "absent", dataset: { status: "absent" } }, t("absent")));
      tr.append(el("td", { class: `status ${f.status}`, dataset: { status: f.status }, title: `${reason(f)}\n${citation(f)}` }, t("status")[f.status] + requirement(f)));
    });
    tr.addEventListener("click", () => toggle(row.rule));
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter") toggle(row.rule); });
    body.push(tr);
    if (state.open.has(row.rule)) body.push(detailRow(row, c));
  }
  $("#comparison tbody").replaceChildren(...body);

  const foot = el("tr", {}, el("td"), el("th", {}, t("overall")));
  for (const a of c.assessments) {
    const cell = el("td", { class: `overall ${a.status}`, dataset: { regime: a.regime, overall: a.status } }, t("overallStatus")[a.status]);
    if (a.missing.length) cell.title = `${t("missing")}: ${a.missing.join(", ")}`;
    foot.append(cell);
  }
  $("#comparison tfoot").replaceChildren(foot);
  $("#result").hidden = false;
}

// A row's finding under each regime: rows point into the assessments' findings (JSON contract 2.0).
function cellsOf(row, c) {
  return row.finding_index.map((k, i) => (k === null ? null : c.assessments[i].findings[k]));
}

function detailRow(row, c) {
  const cell = el("td", { colspan: String(c.assessments.length + 2) });
  const list = el("dl");
  cellsOf(row, c).forEach((f, i) => {
    list.append(el("dt", {}, c.assessments[i].regime));
    if (!f) return list.append(el("dd", {}, t("absent")));
    list.append(el("dd", {}, `${t("status")[f.status]} — ${reason(f)}`, el("br"), el("small", {}, citation(f))));
    if (f.citation && f.citation.quote) list.append(el("dd", {}, el("q", {}, f.citation.quote)));
  });
  cell.append(list);
  return el("tr", { class: "detail", dataset: { detailFor: row.rule } }, cell);
}

function toggle(rule) {
  if (state.open.has(rule)) state.open.delete(rule);
  else state.open.add(rule);
  renderResult();
}

function download() {
  const blob = new Blob([state.resultText + "\n"], { type: "application/json" });
  const link = el("a", { href: URL.createObjectURL(blob), download: "clusterpolicy-comparison.json" });
  document.body.append(link);
  link.click();
  setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 0);
}

// --- wiring ---------------------------------------------------------------------------------

document.addEventListener("DOMContentLoaded", () => {
  buildYearRows();
  $("#lang").addEventListener("click", () => { state.lang = state.lang === "zh" ? "en" : "zh"; applyLanguage(); });
  $("#tab-text").addEventListener("click", () => setMode("text"));
  $("#tab-form").addEventListener("click", () => setMode("form"));
  $("#profile-file").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    $("#profile-text").value = await file.text();
    $("#profile-format").value = file.name.endsWith(".json") ? "json" : file.name.endsWith(".toml") ? "toml" : "auto";
  });
  $("#compare").addEventListener("click", runCompare);
  $("#pane-form").addEventListener("submit", (e) => { e.preventDefault(); runCompare(); });
  $("#only-differing").addEventListener("change", renderResult);
  $("#download").addEventListener("click", download);
  applyLanguage();
  loadRegimes();
});
