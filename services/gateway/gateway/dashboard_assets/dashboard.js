// The ministry dashboard: signs in with the ministry's API client, lets the official pick a
// cohort and draws what GET /v1/dashboard/cohorts/{id} composes. Charts are hand-written SVG:
// no library, nothing from outside the gateway, no inline script or style (the page's CSP).
// Every label comes from messages.json (ru, kk, en), except the words for the status codes
// the data carries (a cohort's status, a funnel stage, an indicator's progress, a target's
// approval): those are the gateway's one catalogue, GET /v1/framework/reference/statuses, so
// the page says what the API, the rules and the exports say. The services' own labels
// (indicator names, skills areas) come with the data in all three languages.

const TOKEN_KEY = "blp.dashboard.token"; // sessionStorage only: gone with the tab
const LANG_KEY = "blp.dashboard.lang";
const COHORT_KEY = "blp.dashboard.cohort"; // sessionStorage: {id, name} of the last picked
const LANGS = ["ru", "kk", "en"];
// Kazakh writes numbers as Russian does (1 234,5). Browsers' Kazakh locale data is patchy
// (Chromium's falls back to English separators), so numbers in Kazakh use Russian's.
const LOCALES = { ru: "ru-RU", kk: "ru-RU", en: "en-GB" };
const PARTIES = ["programme", "local_company", "international_company", "host_company", "vendor"];
const SVG = "http://www.w3.org/2000/svg";
const STATUSES = "/v1/framework/reference/statuses"; // public, served by the gateway itself

const state = { messages: null, statuses: {}, lang: "en", cohorts: [], data: null, loading: null };
const $ = (id) => document.getElementById(id);

// --- language ---------------------------------------------------------------------------

function stored(storage, key) {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

function store(storage, key, value) {
  try {
    if (value === null) storage.removeItem(key);
    else storage.setItem(key, value);
  } catch {
    // storage refused (private mode): the page still works for this visit
  }
}

function initialLanguage() {
  const saved = stored(localStorage, LANG_KEY);
  if (LANGS.includes(saved)) return saved;
  for (const tag of navigator.languages || [navigator.language || ""]) {
    const primary = tag.toLowerCase().split("-")[0];
    if (LANGS.includes(primary)) return primary;
  }
  return "en";
}

function t(key, vars = {}) {
  const text = state.messages[state.lang][key] ?? state.messages.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => vars[name] ?? "");
}

// The label of a status code in the page's language: the catalogue's words, lower case as they
// read inside a sentence ("Status: active"); the code itself if the catalogue lacks it.
function statusLabel(resource, code, field = "status") {
  const value = state.statuses[`${resource}.${field}`]?.[code];
  return value ? value[`name_${state.lang}`] || value.name_en : code;
}

// A status standing alone (a chart's row name) starts with a capital, as the page's headings.
function capitalised(text) {
  return text.charAt(0).toLocaleUpperCase(state.lang) + text.slice(1);
}

function setLanguage(lang, chosen = false) {
  state.lang = lang;
  if (chosen) store(localStorage, LANG_KEY, lang); // the browser's language is asked afresh
  document.documentElement.lang = lang;
  document.title = `BLP · ${t("title")}`;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const button of document.querySelectorAll("#langs button")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
  }
  $("langs").setAttribute("aria-label", t("language"));
  fillCohorts();
  render();
}

// --- numbers ----------------------------------------------------------------------------

function number(value, digits = 0) {
  return new Intl.NumberFormat(LOCALES[state.lang], {
    minimumFractionDigits: 0,
    maximumFractionDigits: digits,
  }).format(Number(value));
}

function money(value, currency, compact = false) {
  return new Intl.NumberFormat(LOCALES[state.lang], {
    style: "currency",
    currency,
    currencyDisplay: "code",
    maximumFractionDigits: 0,
    notation: compact ? "compact" : "standard",
  }).format(Number(value));
}

function percent(value) {
  return `${number(value, 1)} %`;
}

function monthLabel(month) {
  const [year, index] = month.split("-").map(Number);
  return [t("months").split(",")[index - 1], year];
}

// Dates are written from the catalogue's month names, not Intl: the same in every browser,
// whether or not it carries Kazakh locale data.
function day(isoDate) {
  const [year, month, date] = isoDate.slice(0, 10).split("-").map(Number);
  return `${date} ${t("months").split(",")[month - 1]} ${year}`;
}

function moment(isoTime) {
  const at = new Date(isoTime);
  const pad = (n) => String(n).padStart(2, "0");
  const local = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  return `${day(local)}, ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

// --- DOM and SVG ------------------------------------------------------------------------

function html(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) node.setAttribute(name, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function label(x, y, content, attributes = {}) {
  return svg("text", { x, y, ...attributes }, String(content));
}

function tip(content) {
  return svg("title", {}, content);
}

function canvas(width, height, title) {
  return svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title });
}

function unavailable(container, detail) {
  container.classList.add("unavailable");
  container.dataset.state = "unavailable";
  container.replaceChildren(
    html("strong", {}, t("unavailable")),
    html("p", {}, t("unavailable_hint")),
    detail ? html("p", { class: "why" }, detail) : null,
  );
}

function notice(container, text) {
  container.dataset.state = "empty";
  container.replaceChildren(html("p", { class: "notice" }, text));
}

function drawn(container, ...nodes) {
  container.classList.remove("unavailable");
  container.dataset.state = "rendered";
  container.replaceChildren(...nodes.filter((n) => n !== null && n !== undefined));
}

function legend(items) {
  return html(
    "ul",
    { class: "legend" },
    ...items.map(([swatch, text]) => html("li", {}, html("span", { class: `swatch ${swatch}` }), text)),
  );
}

function tableOf(headers, rows, numeric) {
  return html(
    "details",
    {},
    html("summary", {}, t("show_table")),
    html(
      "table",
      {},
      html("thead", {}, html("tr", {}, ...headers.map((h, i) => html("th", { class: numeric[i] ? "num" : null }, h)))),
      html(
        "tbody",
        {},
        ...rows.map((row) => html("tr", {}, ...row.map((c, i) => html("td", { class: numeric[i] ? "num" : null }, c)))),
      ),
    ),
  );
}

function niceMax(value) {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

// --- the parts --------------------------------------------------------------------------

function indicator(code) {
  return state.data.framework.indicators.find((i) => i.code === code);
}

function currencyOf(item) {
  const currencies = [...new Set(item.breakdown.map((b) => b.dimensions.currency).filter(Boolean))];
  return currencies.length === 1 ? currencies[0] : null;
}

function figure(item, value) {
  if (value === null || value === undefined) return "—";
  if (item.unit === "percent") return percent(value);
  if (item.unit === "money") {
    const currency = currencyOf(item) || state.data.budget.currency;
    return currency ? money(value, currency) : number(value, 2);
  }
  return number(value, 2);
}

function actual(item) {
  if (item.status !== "available") return "—";
  if (item.value === null && item.unit === "money" && item.breakdown.length) {
    const sums = {};
    for (const row of item.breakdown) {
      const currency = row.dimensions.currency;
      sums[currency] = (sums[currency] || 0) + Number(row.value);
    }
    return Object.entries(sums).map(([c, v]) => money(v, c)).join(" · ");
  }
  return figure(item, item.value);
}

function renderMeta() {
  const { cohort, computed_at: at } = state.data;
  const parts = [];
  if (cohort.status === "available") {
    parts.push(html("strong", {}, cohort.name), ` · ${t("cohort_status")}: ${statusLabel("cohort", cohort.cohort_status)}`);
    parts.push(` · ${t("period")}: ${day(cohort.starts_on)} – ${day(cohort.ends_on)}`);
  } else {
    const known = state.cohorts.find((c) => c.id === state.data.cohort_id);
    parts.push(html("strong", {}, known ? known.name : t("cohort")), ` · ${t("cohort_status")}: ${t("unavailable")}`);
  }
  parts.push(` · ${t("computed_at")} ${moment(at)}`);
  $("meta").replaceChildren(...parts);
}

function kpi(title, value, sub) {
  return html(
    "div",
    { class: "kpi" },
    html("div", { class: "label" }, title),
    html("div", { class: "figure" }, value),
    html("div", { class: "sub" }, sub || " "),
  );
}

function renderKpis() {
  const { funnel, cohort, certifications, budget } = state.data;
  const selected = funnel.find((s) => s.stage === "selected");
  const signed = indicator("linkages_signed");
  const value = indicator("linkage_contract_value");
  const jobs = indicator("linkage_jobs_created");
  const total = budget.total;
  const tiles = [
    kpi(
      t("kpi_selected"),
      selected.value === null ? "—" : number(selected.value),
      selected.value === null ? t("unavailable") : cohort.max_companies ? t("of_max", { n: cohort.max_companies }) : "",
    ),
    kpi(
      t("kpi_certifications"),
      certifications.total === null ? "—" : number(certifications.total),
      certifications.status === "available" ? "" : t("unavailable"),
    ),
    kpi(
      t("kpi_linkages"),
      signed.status === "available" ? number(signed.value) : "—",
      signed.status === "available"
        ? `${t("contract_value")}: ${actual(value)} · ${t("jobs_created")}: ${figure(jobs, jobs.value)}`
        : t("unavailable"),
    ),
    budget.status === "available" && Number(total.high) > 0
      ? kpi(
          t("kpi_committed"),
          percent((Number(total.committed) * 100) / Number(total.high)),
          `${money(total.committed, budget.currency)} / ${money(total.high, budget.currency)}`,
        )
      : kpi(t("kpi_committed"), "—", budget.status === "none" ? t("no_budget") : t("unavailable")),
  ];
  $("kpis").replaceChildren(...tiles);
}

function renderFunnel() {
  const container = $("funnel");
  const stages = state.data.funnel;
  if (stages.every((s) => s.status === "unavailable")) return unavailable(container, stages[0].detail);
  const width = 560;
  const row = 42;
  const left = 200;
  const room = width - left - 110;
  const height = row * stages.length + 8;
  const chart = canvas(width, height, t("funnel_title"));
  const top = Math.max(1, ...stages.map((s) => s.value || 0));
  let previous = null;
  stages.forEach((stage, i) => {
    const y = i * row + 6;
    const name = capitalised(statusLabel("funnel_stage", stage.stage, "stage"));
    chart.append(label(left - 10, y + 20, name, { "text-anchor": "end" }));
    if (stage.status === "available") {
      const w = Math.max(2, (stage.value / top) * room);
      chart.append(
        svg("rect", { x: left, y, width: w, height: 28, rx: 3, class: i > 2 ? "stage later" : "stage", "data-mark": stage.value }, tip(`${name}: ${stage.value}`)),
        label(left + w + 8, y + 19, number(stage.value), { class: "figure" }),
      );
      if (previous) {
        const share = previous > 0 ? (stage.value * 100) / previous : 0;
        chart.append(label(left + w + 8 + 12 + String(stage.value).length * 8, y + 19, percent(share), { class: "muted" }));
      }
      previous = stage.value;
    } else if (stage.status === "not_yet") {
      const w = previous ? (previous / top) * room : room / 3;
      chart.append(
        svg("rect", { x: left, y, width: w, height: 28, rx: 3, class: "stage not-yet" }, tip(stage.detail || "")),
        label(left + 10, y + 19, t("not_yet"), { class: "muted" }),
      );
    } else {
      chart.append(label(left + 4, y + 19, `${t("unavailable")} (${stage.detail || ""})`, { class: "muted" }));
    }
  });
  drawn(container, chart);
}

function renderLinkages() {
  const container = $("linkages");
  const { linkages } = state.data;
  if (linkages.status !== "available") return unavailable(container, linkages.detail);
  if (!linkages.months.length) return notice(container, t("no_linkages"));
  const width = 560;
  const height = 250;
  const margin = { left: 40, right: 16, top: 16, bottom: 44 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const top = niceMax(Math.max(...linkages.months.map((m) => m.cumulative)));
  const y = (v) => margin.top + plotH - (v / top) * plotH;
  const band = plotW / linkages.months.length;
  const chart = canvas(width, height, t("linkages_title"));
  const ticks = Math.min(top, 5);
  for (let k = 0; k <= ticks; k++) {
    const v = (top / ticks) * k;
    chart.append(
      svg("line", { x1: margin.left, x2: width - margin.right, y1: y(v), y2: y(v), class: "axis" }),
      label(margin.left - 6, y(v) + 4, number(v, 1), { "text-anchor": "end", class: "muted" }),
    );
  }
  const points = [];
  linkages.months.forEach((m, i) => {
    const x = margin.left + i * band;
    const [name, year] = monthLabel(m.month);
    const barW = Math.min(36, band * 0.6);
    if (m.signed > 0) {
      chart.append(
        svg(
          "rect",
          { x: x + (band - barW) / 2, y: y(m.signed), width: barW, height: y(0) - y(m.signed), class: "bar-month", "data-mark": m.signed },
          tip(`${name} ${year}: ${m.signed}`),
        ),
      );
    }
    chart.append(label(x + band / 2, height - margin.bottom + 16, name, { "text-anchor": "middle" }));
    if (i === 0 || m.month.endsWith("-01")) {
      chart.append(label(x + band / 2, height - margin.bottom + 32, year, { "text-anchor": "middle", class: "muted" }));
    }
    points.push([x + band / 2, y(m.cumulative), m.cumulative]);
  });
  chart.append(svg("polyline", { points: points.map(([px, py]) => `${px},${py}`).join(" "), class: "cumulative" }));
  for (const [px, py, v] of points) {
    chart.append(svg("circle", { cx: px, cy: py, r: 3.5, class: "dot" }, tip(`${t("signed_total")}: ${v}`)));
  }
  const [lx, ly, lv] = points[points.length - 1];
  chart.append(label(lx, ly - 9, number(lv), { "text-anchor": "middle", class: "figure" }));
  drawn(
    container,
    chart,
    legend([
      ["month", t("signed_month")],
      ["line", t("signed_total")],
    ]),
    tableOf(
      [t("period"), t("signed_month"), t("signed_total")],
      linkages.months.map((m) => [monthLabel(m.month).join(" "), number(m.signed), number(m.cumulative)]),
      [false, true, true],
    ),
  );
}

function bullet(item) {
  const target = item.target;
  const value = item.status === "available" && item.value !== null ? Number(item.value) : null;
  const values = [value, target && Number(target.target), target && Number(target.due), target && Number(target.baseline)];
  const top = item.unit === "percent" ? 100 : niceMax(Math.max(0, ...values.filter((v) => v !== null)) * 1.05);
  const width = 300;
  const x = (v) => (Math.min(v, top) / top) * width;
  const chart = svg("svg", { viewBox: `0 0 ${width} 18`, preserveAspectRatio: "none", "aria-hidden": "true" });
  chart.append(svg("rect", { x: 0, y: 3, width, height: 12, class: "track" }));
  if (value !== null) {
    chart.append(svg("rect", { x: 0, y: 3, width: Math.max(1, x(value)), height: 12, class: item.progress, "data-mark": value }));
  }
  if (target) {
    chart.append(svg("line", { x1: x(Number(target.due)), x2: x(Number(target.due)), y1: 0, y2: 18, class: "due" }));
    chart.append(svg("line", { x1: x(Number(target.target)) - 1, x2: x(Number(target.target)) - 1, y1: 0, y2: 18, class: "target" }));
  }
  return chart;
}

function renderFramework() {
  const container = $("framework");
  const { targets } = state.data.framework;
  const unread = targets.status === "available" ? null : html("p", { class: "warning" }, t("targets_unavailable", { why: targets.detail || "" }));
  const rows = state.data.framework.indicators.map((item) => {
    const target = item.target;
    // unavailable: the indicator's service did not answer, said as every part the page lacks
    const status = item.status === "available" ? item.progress : "unavailable";
    const word = item.status === "available" ? statusLabel("indicator", item.progress, "progress") : t("unavailable");
    return html(
      "tr",
      { "data-indicator": item.code },
      html("td", {}, item.name[state.lang], target && target.approval === "proposed" ? html("div", { class: "small" }, t("target_approval", { status: statusLabel("target", target.approval) })) : null),
      html("td", { class: "bullet" }, bullet(item)),
      html("td", { class: "num" }, target ? figure(item, target.baseline) : "—"),
      html("td", { class: "num" }, target ? figure(item, target.due) : "—"),
      html("td", { class: "num" }, target ? figure(item, target.target) : "—"),
      html("td", { class: "num" }, html("strong", {}, actual(item))),
      html("td", {}, html("span", { class: `pill ${status}` }, word)),
    );
  });
  const headers = ["col_indicator", "col_chart", "col_baseline", "col_due", "col_target", "col_actual", "col_status"];
  const numeric = [false, false, true, true, true, true, false];
  drawn(
    container,
    unread,
    html(
      "table",
      {},
      html("thead", {}, html("tr", {}, ...headers.map((h, i) => html("th", { class: numeric[i] ? "num" : null }, t(h))))),
      html("tbody", {}, ...rows),
    ),
  );
}

function stacked(chart, shares, x0, y, height, scale, name) {
  let x = x0;
  for (const party of PARTIES) {
    const amount = Number(shares[party] || 0);
    if (amount <= 0) continue;
    const w = amount * scale;
    chart.append(
      svg(
        "rect",
        { x, y, width: Math.max(1, w), height, class: `party-${party}`, "data-mark": amount },
        tip(`${name} · ${t(`p_${party}`)}: ${money(amount, state.data.budget.currency)}`),
      ),
    );
    x += w;
  }
}

function renderBudget() {
  const container = $("budget");
  const { budget } = state.data;
  if (budget.status === "unavailable") return unavailable(container, budget.detail);
  if (budget.status === "none") return notice(container, t("no_budget"));
  const width = 1160;
  const left = 250;
  const right = 330;
  const head = 24;
  const row = 46;
  const top = niceMax(Math.max(...budget.modules.map((m) => Math.max(Number(m.high), Number(m.committed)))));
  const scale = (width - left - right) / top;
  const height = head + budget.modules.length * row + 28;
  const paidColumn = width - 110;
  const chart = canvas(width, height, t("budget_title"));
  chart.append(
    label(paidColumn - 24, 14, t("committed"), { "text-anchor": "end", class: "muted" }),
    label(width - 4, 14, t("paid"), { "text-anchor": "end", class: "muted" }),
  );
  for (let k = 0; k <= 4; k++) {
    const v = (top / 4) * k;
    const gx = left + v * scale;
    chart.append(
      svg("line", { x1: gx, x2: gx, y1: head, y2: height - 22, class: "axis" }),
      label(gx, height - 6, money(v, budget.currency, true), { "text-anchor": "middle", class: "muted" }),
    );
  }
  budget.modules.forEach((m, i) => {
    const y = head + i * row + 4;
    const name = t(`m_${m.module}`);
    chart.append(label(left - 12, y + 22, name, { "text-anchor": "end" }));
    const low = Number(m.low) * scale;
    const high = Number(m.high) * scale;
    chart.append(
      svg(
        "rect",
        { x: left + low, y, width: Math.max(2, high - low), height: 34, class: "band" },
        tip(`${name} · ${t("band")}: ${money(m.low, budget.currency)} – ${money(m.high, budget.currency)}`),
      ),
    );
    stacked(chart, m.committed_by_party, left, y + 6, 12, scale, `${name} · ${t("committed")}`);
    stacked(chart, m.paid_by_party, left, y + 21, 8, scale, `${name} · ${t("paid")}`);
    const share = Number(m.high) > 0 ? percent((Number(m.committed) * 100) / Number(m.high)) : "";
    chart.append(
      label(paidColumn - 24, y + 16, money(m.committed, budget.currency), { "text-anchor": "end", class: m.over_high ? "figure off_track" : "figure" }),
      label(paidColumn - 24, y + 31, share, { "text-anchor": "end", class: "muted" }),
      label(width - 4, y + 16, money(m.paid, budget.currency), { "text-anchor": "end" }),
    );
  });
  const total = budget.total;
  const summary = html(
    "p",
    { class: "meta" },
    html("strong", {}, `${budget.title} · ${budget.currency}`),
    ` · ${t("band")}: ${money(total.low, budget.currency)} – ${money(total.high, budget.currency)}`,
    ` · ${t("committed")}: ${money(total.committed, budget.currency)} · ${t("paid")}: ${money(total.paid, budget.currency)}`,
    total.over_high ? ` · ${t("over_high")}` : "",
  );
  drawn(
    container,
    summary,
    chart,
    legend([["band", t("band")], ...PARTIES.map((p) => [`party-${p}`, t(`p_${p}`)])]),
    budget.other_currencies.length ? html("p", { class: "small" }, t("other_currencies", { list: budget.other_currencies.join(", ") })) : null,
    tableOf(
      [t("module"), t("band"), t("committed"), t("paid")],
      [...budget.modules, total].map((m) => [
        m.module === "total" ? t("total") : t(`m_${m.module}`),
        `${money(m.low, budget.currency)} – ${money(m.high, budget.currency)}`,
        money(m.committed, budget.currency),
        money(m.paid, budget.currency),
      ]),
      [false, true, true, true],
    ),
  );
}

function renderCertifications() {
  const container = $("certifications");
  const { certifications } = state.data;
  if (certifications.status !== "available") return unavailable(container, certifications.detail);
  const areas = certifications.areas;
  const width = 1160;
  const left = 300;
  const row = 30;
  const top = niceMax(Math.max(1, ...areas.map((a) => a.verified)));
  const room = 400;
  const chart = canvas(width, areas.length * row + 6, t("certs_title"));
  areas.forEach((area, i) => {
    const y = i * row + 4;
    chart.append(label(left - 12, y + 16, area.name[state.lang], { "text-anchor": "end" }));
    const w = (area.verified / top) * room;
    if (area.verified > 0) {
      chart.append(
        svg("rect", { x: left, y, width: w, height: 22, rx: 2, class: area.kind, "data-mark": area.verified }, tip(`${area.name[state.lang]}: ${area.verified}`)),
      );
    }
    chart.append(label(left + w + 8, y + 16, number(area.verified), { class: "figure" }));
    const shown = area.vendors.slice(0, 3).map((v) => `${v.vendor} ${v.verified}`);
    if (area.vendors.length > 3) shown.push(`+${area.vendors.length - 3}`);
    const vendors = shown.join(" · ");
    chart.append(label(left + room + 50, y + 16, vendors, { class: "muted" }));
  });
  drawn(
    container,
    chart,
    legend([
      ["technical", t("technical")],
      ["business", t("business")],
    ]),
  );
}

function render() {
  if (!state.data) return;
  renderMeta();
  renderKpis();
  renderFunnel();
  renderLinkages();
  renderFramework();
  renderBudget();
  renderCertifications();
  document.body.dataset.rendered = `${state.data.cohort_id}:${state.lang}`;
}

// --- signing in and loading ---------------------------------------------------------------

function token() {
  const saved = JSON.parse(stored(sessionStorage, TOKEN_KEY) || "null");
  return saved && saved.expires > Date.now() ? saved.token : null;
}

function say(key) {
  $("status").textContent = key ? t(key) : "";
}

function signOut(reason) {
  store(sessionStorage, TOKEN_KEY, null);
  state.data = null;
  delete document.body.dataset.rendered;
  $("board").hidden = true;
  $("cohorts-down").hidden = true;
  $("cohort-field").hidden = true;
  $("sign-out").hidden = true;
  $("sign-in").hidden = false;
  $("sign-in-error").textContent = reason ? t(reason) : "";
  say(null);
}

class SignedOut extends Error {}

class Refused extends Error {} // a 4xx other than 401/403: asking again will not help

async function api(path) {
  const bearer = token();
  if (!bearer) {
    signOut("session_expired");
    throw new SignedOut();
  }
  const response = await fetch(path, {
    headers: { Authorization: `Bearer ${bearer}`, "Accept-Language": state.lang },
  });
  if (response.status === 401 || response.status === 403) {
    signOut(response.status === 401 ? "session_expired" : "forbidden");
    throw new SignedOut();
  }
  if (!response.ok) {
    throw new (response.status < 500 ? Refused : Error)(`${path}: HTTP ${response.status}`);
  }
  return response.json();
}

async function signIn(event) {
  event.preventDefault();
  $("sign-in-error").textContent = "";
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: $("client-id").value.trim(),
    client_secret: $("client-secret").value,
  });
  const response = await fetch("/v1/auth/token", { method: "POST", body });
  if (!response.ok) {
    $("sign-in-error").textContent = t("sign_in_failed");
    return;
  }
  const answer = await response.json();
  const expires = Date.now() + (answer.expires_in - 30) * 1000;
  store(sessionStorage, TOKEN_KEY, JSON.stringify({ token: answer.access_token, expires }));
  $("client-secret").value = "";
  await start();
}

function fillCohorts() {
  const select = $("cohort");
  const chosen = select.value;
  select.replaceChildren(
    ...state.cohorts.map((c) => html("option", { value: c.id }, c.status ? `${c.name} · ${statusLabel("cohort", c.status)}` : c.name)),
  );
  if (chosen) select.value = chosen;
}

function savedCohort() {
  try {
    const saved = JSON.parse(stored(sessionStorage, COHORT_KEY) || "null");
    return saved && typeof saved.id === "string" && typeof saved.name === "string" ? saved : null;
  } catch {
    return null; // not ours (an older page kept the bare id): as if none was picked
  }
}

async function start() {
  $("sign-in").hidden = true;
  $("sign-out").hidden = false;
  $("cohorts-down").hidden = true;
  say("loading");
  try {
    const page = await api("/v1/assessment/cohorts?limit=200");
    state.cohorts = page.items;
  } catch (error) {
    if (error instanceof Refused) say("load_failed");
    else if (!(error instanceof SignedOut)) await withoutCohortList(); // 5xx, network
    return;
  }
  if (!state.cohorts.length) return say("no_cohorts");
  fillCohorts();
  $("cohort-field").hidden = false;
  const saved = savedCohort();
  const chosen = state.cohorts.find((c) => c.id === saved?.id) || state.cohorts[state.cohorts.length - 1];
  $("cohort").value = chosen.id;
  await load(chosen.id);
}

// The cohorts are the assessment service's: without it the page says so, offers to ask
// again, and still draws the cohort last picked in this tab (the dashboard call answers with
// the assessment's own parts unavailable and the rest as usual).
async function withoutCohortList() {
  const saved = savedCohort();
  say(null);
  $("cohorts-down").hidden = false;
  $("cohorts-saved").hidden = !saved;
  if (!saved) return;
  state.cohorts = [{ id: saved.id, name: saved.name, status: null }];
  fillCohorts();
  $("cohort-field").hidden = false;
  $("cohort").value = saved.id;
  await load(saved.id);
}

async function load(cohortId) {
  const picked = state.cohorts.find((c) => c.id === cohortId);
  if (picked) store(sessionStorage, COHORT_KEY, JSON.stringify({ id: picked.id, name: picked.name }));
  say("loading");
  const loading = (state.loading = api(`/v1/dashboard/cohorts/${encodeURIComponent(cohortId)}`));
  try {
    const data = await loading;
    if (state.loading !== loading) return; // another cohort was picked meanwhile
    state.data = data;
    say(null);
    $("board").hidden = false;
    render();
  } catch (error) {
    if (!(error instanceof SignedOut) && state.loading === loading) say("load_failed");
  }
}

// The status catalogue as {"cohort.status": {"active": {name_en, name_ru, name_kk, ...}}}:
// every language at once, so switching language asks nothing again.
function byCode(catalogue) {
  return Object.fromEntries(
    catalogue.map((s) => [`${s.resource}.${s.field}`, Object.fromEntries(s.values.map((v) => [v.code, v]))]),
  );
}

async function main() {
  const [messages, statuses] = await Promise.all([
    fetch("/dashboard/assets/messages.json").then((r) => r.json()),
    fetch(STATUSES)
      .then((r) => (r.ok ? r.json() : []))
      .catch(() => []), // without it the codes show: still a page
  ]);
  state.messages = messages;
  state.statuses = byCode(statuses);
  for (const button of document.querySelectorAll("#langs button")) {
    button.addEventListener("click", () => setLanguage(button.dataset.lang, true));
  }
  $("sign-in").addEventListener("submit", signIn);
  $("sign-out").addEventListener("click", () => signOut(null));
  $("retry").addEventListener("click", () => start());
  $("cohort").addEventListener("change", (event) => load(event.target.value));
  setLanguage(initialLanguage());
  if (token()) await start();
  else signOut(null);
}

main();
