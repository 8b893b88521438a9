// The live page: polls /api/v1/run and /api/v1/series every 2 s and draws the run's charts.
"use strict";

const POLL_MS = 2000;
const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
  "#7f7f7f", "#bcbd22", "#17becf"];

// Each chart: where its rows come from and which columns it draws (a second axis for "right");
// "process" limits it to runs of that generative process.
const CHARTS = [
  {id: "loss", title: "Loss (cross-entropy)", from: "steps", series: [["loss", "loss"]]},
  {id: "r2", title: "Identifiability R² (held-out)", from: "probes", reference: "r2",
    process: "sphere", series: [["r2_affine", "affine"], ["r2_linear", "linear"]]},
  {id: "r2_dim", title: "R² per latent dimension (affine)", from: "probes", process: "sphere",
    perColumn: "r2_dim"},
  {id: "factor_correlation", title: "Factor decoding: Pearson's r (held-out; dashed: the paper's"
    + " MLP, dotted: this run's raw-pixel baseline)", from: "probes", process: "sprites",
    perColumn: "factor_correlation", factorReferences: true},
  {id: "factor_r2", title: "Factor decoding: R² (held-out)", from: "probes", process: "sprites",
    perColumn: "factor_r2"},
  {id: "cluster_r2", title: "Cluster R² (head rows → cluster vectors)", from: "probes",
    process: "sphere", reference: "cluster_r2",
    series: [["cluster_r2", "affine"], ["cluster_r2_linear", "linear"]]},
  {id: "orthogonality", title: "Orthogonality error (singular values, MAE)", from: "probes",
    process: "sphere", reference: "orthogonality_mae",
    series: [["orthogonality_mae", "z"], ["cluster_orthogonality_mae", "W → v"]]},
  {id: "alignment", title: "Alignment and accuracy (held-out)", from: "probes",
    series: [["alignment", "alignment"], ["accuracy", "accuracy"]]},
  {id: "temperature", title: "Temperature ratio β/κ", from: "probes", onlyWithData: true,
    series: [["temperature_ratio", "β/κ"]]},
  {id: "throughput", title: "Steps/s and batch queue depth", from: "steps",
    series: [["steps_per_s", "steps/s"], ["queue_depth", "queue depth", "right"]]},
];
// The probes' columns that hold one array per latent dimension or per factor.
const PER_COLUMN = ["r2_dim", "factor_correlation", "factor_r2"];

let run = null;          // the latest /api/v1/run answer
let data = null;         // every row received so far, column by column
let generation = null;   // the server's; a change means start again from scratch
let since = 0;
let xKey = "step";
const charts = new Map();  // chart id -> uPlot

function emptyData(dim, factors) {
  const cols = names => Object.fromEntries(names.map(n => [n, []]));
  const probes = cols(["step", "time_s", "loss", "r2_affine", "r2_linear", "orthogonality_mae",
    "cluster_r2", "cluster_r2_linear", "cluster_orthogonality_mae", "alignment", "accuracy",
    "temperature_ratio"]);
  probes.r2_dim = Array.from({length: dim}, () => []);
  for (const name of ["factor_correlation", "factor_r2"]) {
    probes[name] = Array.from({length: factors}, () => []);
  }
  return {
    steps: cols(["step", "time_s", "loss", "steps_per_s", "queue_depth"]),
    probes,
    checkpoints: cols(["step", "time_s"]),
    rollbacks: cols(["step", "time_s", "from_step"]),
  };
}

// Appends the rows of one answer; rows already held (same or earlier step) are skipped.
function append(target, rows) {
  const last = target.step.length ? target.step[target.step.length - 1] : -Infinity;
  rows.step.forEach((step, i) => {
    if (step <= last) return;
    for (const [name, column] of Object.entries(rows)) {
      if (PER_COLUMN.includes(name)) column.forEach((c, d) => target[name][d].push(c[i]));
      else target[name].push(column[i]);
    }
  });
}

async function getJson(url) {
  const response = await fetch(url, {cache: "no-store"});
  if (!response.ok) throw new Error(url + ": HTTP " + response.status);
  return response.json();
}

async function poll() {
  try {
    let series;
    [run, series] = await Promise.all([getJson("/api/v1/run"),
      getJson("/api/v1/series?since=" + since)]);
    if (series.generation !== generation) {
      series = since === 0 ? series : await getJson("/api/v1/series?since=0");
      generation = series.generation;
      data = emptyData(run.dim, run.factors.length);
    }
    for (const kind of ["steps", "probes", "checkpoints", "rollbacks"]) append(data[kind], series[kind]);
    since = series.next_since;
    showHeader();
    draw();
  } catch (error) {
    document.getElementById("state").textContent = "no answer from the daemon";
    document.getElementById("state").className = "state failed";
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

function text(id, value) {
  document.getElementById(id).textContent = value;
}

function fmt(v, digits = 4) {
  if (v === null || v === undefined) return "–";
  return typeof v === "number" && !Number.isInteger(v) ? v.toPrecision(digits) : String(v);
}

function duration(seconds) {
  if (seconds === null) return "–";
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
  return (h ? h + "h " : "") + (h || m ? m + "m " : "") + (s % 60) + "s";
}

function showHeader() {
  document.title = run.run + " · " + run.state + " · idtrain";
  text("run", run.run);
  text("state", run.state);
  document.getElementById("state").className = "state " + run.state;
  text("reason", run.reason || "");
  document.getElementById("reason").className = run.state;
  const figures = [
    ["objective", run.objective], ["step", fmt(run.step)], ["steps/s", fmt(run.steps_per_s, 3)],
    ["loss", fmt(run.loss)], ["device", run.device], ["precision", run.precision || "–"],
    ["uptime", duration(run.uptime_s)], ["probes", run.probes],
    ["checkpoints", run.checkpoints], ["rollbacks", run.rollbacks],
    ["paper", run.reference.row || "–"],
    ...(run.process === "sprites" ? [] : [["paper R²", fmt(run.reference.r2, 3)]]),
    ["version", run.version],
  ];
  const dl = document.getElementById("figures");
  dl.replaceChildren(...figures.map(([name, value]) => {
    const div = document.createElement("div");
    div.append(Object.assign(document.createElement("dt"), {textContent: name}),
      Object.assign(document.createElement("dd"), {textContent: value}));
    return div;
  }));
  const changed = run.config.filter(e => e.changed);
  text("changed", changed.length ? "set: " + changed.map(e => e.key + "=" + e.value).join("  ")
    : "all keys at their defaults");
  const table = document.getElementById("config");
  if (table.rows.length !== run.config.length) {
    table.replaceChildren(...run.config.map(e => {
      const row = table.insertRow();
      row.className = e.changed ? "changed" : "";
      for (const cell of [e.key, e.value, e.changed ? "default " + e.default : ""]) {
        row.insertCell().textContent = cell;
      }
      return row;
    }));
  }
}

// The columns one chart draws, x first, as uPlot wants them.
function columns(spec) {
  const rows = data[spec.from];
  const x = rows[xKey];
  if (spec.perColumn) {
    const flat = v => x.map(() => v);
    const references = spec.factorReferences
      ? factorReferences().flatMap(r => [flat(r.paper), flat(r.pixels)]) : [];
    return [x, ...rows[spec.perColumn], ...references];
  }
  const ys = spec.series.map(([name]) => rows[name]);
  const paper = paperFigure(spec);
  if (paper !== null) ys.push(x.map(() => paper));
  return [x, ...ys];
}

function seriesOf(spec) {
  const line = (label, i, extra) => ({label, stroke: COLORS[i % COLORS.length], width: 1.5,
    spanGaps: true, ...extra});
  if (spec.perColumn === "r2_dim") return data.probes.r2_dim.map((_, d) => line("dim " + d, d));
  if (spec.perColumn) {
    const out = run.factors.map((f, i) => line(f, i));
    if (spec.factorReferences) {
      factorReferences().forEach(r => out.push(
        line("paper " + r.factor, r.index, {dash: [6, 4], width: 1}),
        line("pixels " + r.factor, r.index, {dash: [2, 3], width: 1})));
    }
    return out;
  }
  const out = spec.series.map(([, label, axis], i) => line(label, i, axis ? {scale: axis} : {}));
  if (paperFigure(spec) !== null) out.push(line("paper", 7, {dash: [6, 4], width: 1}));
  return out;
}

// Per factor the paper has: its MLP's correlation and this run's raw-pixel baseline (null until
// measured), drawn in the factor's colour.
function factorReferences() {
  return run.reference.factors.map(r => ({factor: r.factor, index: run.factors.indexOf(r.factor),
    paper: r.correlation, pixels: run.pixel_baseline[run.factors.indexOf(r.factor)]}));
}

// The paper's figure a chart draws as a dashed line, or null where it has none.
function paperFigure(spec) {
  return spec.reference ? run.reference[spec.reference] ?? null : null;
}

// Checkpoints (green) and rollbacks (red) as vertical lines across the plot.
function drawMarkers(u) {
  const ctx = u.ctx;
  const {top, height} = u.bbox;
  for (const [kind, color] of [["checkpoints", "#7a7"], ["rollbacks", "#d33"]]) {
    ctx.save();
    ctx.strokeStyle = color;
    ctx.lineWidth = kind === "rollbacks" ? 2 : 1;
    for (const x of data[kind][xKey]) {
      const px = Math.round(u.valToPos(x, "x", true));
      if (px < u.bbox.left || px > u.bbox.left + u.bbox.width) continue;
      ctx.beginPath();
      ctx.moveTo(px, top);
      ctx.lineTo(px, top + height);
      ctx.stroke();
    }
    ctx.restore();
  }
}

function create(spec, section) {
  const axes = [{label: xKey === "step" ? "step" : "wall time",
    values: xKey === "step" ? undefined : (u, ticks) => ticks.map(duration)}, {size: 64}];
  if (spec.series && spec.series.some(s => s[2])) {
    axes.push({scale: "right", side: 1, size: 48, grid: {show: false}});
  }
  const opts = {
    width: Math.max(300, section.clientWidth), height: 240,
    scales: {x: {time: false}},
    series: [{label: xKey === "step" ? "step" : "time"}, ...seriesOf(spec)],
    axes,
    legend: {live: false},
    hooks: {draw: [drawMarkers]},
  };
  return new uPlot(opts, columns(spec), section.querySelector("div"));
}

function draw() {
  const main = document.getElementById("charts");
  let probePoints = Infinity;
  for (const spec of CHARTS) {
    const cols = columns(spec);
    const hasData = cols.slice(1).some(c => c.some(v => v !== null));
    let section = document.getElementById(spec.id);
    if ((spec.onlyWithData && !hasData) || (spec.process && spec.process !== run.process)) {
      if (section) section.hidden = true;
      continue;
    }
    if (!section) {
      section = Object.assign(document.createElement("section"), {id: spec.id});
      section.append(Object.assign(document.createElement("h2"), {textContent: spec.title}),
        document.createElement("div"));
      main.append(section);
    }
    section.hidden = false;
    const chart = charts.get(spec.id);
    if (chart) chart.setData(cols);
    else charts.set(spec.id, create(spec, section));
    const points = cols[0].length;
    section.dataset.points = points;
    if (spec.from === "probes") probePoints = Math.min(probePoints, points);
  }
  // Probe points every probe chart has drawn: what a test (or a script) can wait for.
  document.body.dataset.points = probePoints === Infinity ? 0 : probePoints;
}

function redrawAll() {
  for (const chart of charts.values()) chart.destroy();
  charts.clear();
  document.getElementById("charts").replaceChildren();
  if (data) draw();
}

document.querySelectorAll("input[name=x]").forEach(input => input.addEventListener("change", () => {
  xKey = input.value;
  redrawAll();
}));
let resizeTimer;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(redrawAll, 200);
});
poll();
