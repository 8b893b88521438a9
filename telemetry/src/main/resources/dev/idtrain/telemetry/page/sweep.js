// The sweep's overview: polls /api/v1/sweep every 2 s and shows one line per run.
"use strict";

const POLL_MS = 2000;

function fixed(value, digits) {
  return value === null || value === undefined ? "–" : value.toFixed(digits);
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function line(run) {
  const row = document.createElement("tr");
  row.className = run.state;
  row.dataset.run = run.run;
  cell(row, String(run.index), "number");
  cell(row, run.run);
  cell(row, run.point);
  cell(row, "").append(Object.assign(document.createElement("span"),
      {className: "state " + run.state, textContent: run.state}));
  cell(row, run.step + " / " + run.steps, "number");
  cell(row, fixed(run.steps_per_s, 1), "number");
  const probed = run.probe_step === null ? "" : " (step " + run.probe_step + ")";
  cell(row, fixed(run.r2, 4) + probed, "number");
  cell(row, fixed(run.cluster_r2, 4), "number");
  cell(row, fixed(run.paper_r2, 3), "number");
  const page = cell(row, "");
  // Another port of this host, or another host: a plain link, nothing fetched from there.
  if (run.page) page.append(Object.assign(document.createElement("a"),
      {href: run.page, textContent: "open"}));
  return row;
}

function show(sweep) {
  document.title = "idtrain sweep " + sweep.sweep;
  document.getElementById("sweep").textContent = sweep.sweep;
  const counts = sweep.counts;
  document.getElementById("counts").textContent = counts.running + " running, " + counts.queued
      + " queued, " + counts.finished + " finished, " + counts.failed + " failed; "
      + sweep.runs.length + " runs";
  const status = document.getElementById("status");
  const done = counts.running === 0 && counts.queued === 0;
  status.textContent = done ? "done" : "running";
  status.className = "state " + (done ? "finished" : "running");
  document.querySelector("#runs tbody").replaceChildren(...sweep.runs.map(line));
  document.body.dataset.rows = String(sweep.runs.length);
}

async function poll() {
  try {
    const response = await fetch("/api/v1/sweep", {cache: "no-store"});
    if (!response.ok) throw new Error("/api/v1/sweep: HTTP " + response.status);
    show(await response.json());
  } catch (e) {
    // The sweep has ended and its endpoint is gone, or is busy: say so and keep trying.
    const status = document.getElementById("status");
    status.textContent = "unreachable";
    status.className = "state failed";
  }
  setTimeout(poll, POLL_MS);
}

poll();
