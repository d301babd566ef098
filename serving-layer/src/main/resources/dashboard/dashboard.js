// The analytics dashboard: every chart is drawn from the serving layer's own API (see /api-docs).
// No framework and no build: ECharts from its WebJar, and this file.
"use strict";

(function () {
  const params = new URLSearchParams(window.location.search);
  const charts = [];

  function $(id) {
    return document.getElementById(id);
  }

  function chart(id) {
    const instance = echarts.init($(id));
    charts.push(instance);
    return instance;
  }

  function fail(id, error) {
    $(id + "-error").textContent = "Cannot draw this chart: " + error.message;
  }

  function empty(id, what) {
    $(id + "-error").textContent = what;
  }

  async function get(path) {
    const response = await fetch(path, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      throw new Error((body && (body.detail || body.title)) || "HTTP " + response.status);
    }
    return body;
  }

  function money(cents) {
    return cents == null ? null : Math.round(cents) / 100;
  }

  function percent(share) {
    return share == null ? null : Math.round(share * 1000) / 10;
  }

  function showWatermark(answer) {
    $("watermark").textContent = answer.watermark || "none yet";
    if (answer.degraded) {
      $("degraded").hidden = false;
    }
  }

  // views per bucket, one series per source, the watermark W drawn where batch hands over to speed
  async function views(hotel, granularity) {
    const answer = await get("/v1/hotels/" + encodeURIComponent(hotel) + "/stats?granularity=" + granularity);
    showWatermark(answer);
    $("views-hotel").textContent = "(hotel " + hotel + ", per " + granularity + ")";
    const bySource = (source) => answer.series.map((p) => [Date.parse(p.start), p.source === source ? p.value : null]);
    const watermark = answer.watermark ? Date.parse(answer.watermark) : null;
    chart("views-chart").setOption({
      tooltip: { trigger: "axis" },
      legend: { data: ["batch", "speed"] },
      grid: { left: 50, right: 20, bottom: 40 },
      xAxis: { type: "time" },
      yAxis: { type: "value", name: "views" },
      series: [
        {
          name: "batch", type: "bar", stack: "views", data: bySource("batch"),
          markLine: watermark == null ? undefined : {
            symbol: "none", lineStyle: { color: "#c0392b", width: 2 },
            label: { formatter: "W" }, data: [{ xAxis: watermark }],
          },
        },
        { name: "speed", type: "bar", stack: "views", data: bySource("speed") },
      ],
    });
  }

  async function top(city) {
    const answer = await get("/v1/hotels/top?days=7&limit=10" + (city ? "&city=" + encodeURIComponent(city) : ""));
    showWatermark(answer);
    const hotels = answer.hotels.slice().reverse();
    const instance = chart("top-chart");
    instance.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 90, right: 30, bottom: 30 },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: hotels.map((h) => "hotel " + h.hotel_id) },
      series: [{ name: "views", type: "bar", data: hotels.map((h) => h.view_count) }],
    });
    instance.on("click", (event) => {
      const hotel = hotels[event.dataIndex];
      if (hotel) {
        params.set("hotel_id", hotel.hotel_id);
        window.location.search = params.toString();
      }
    });
    if (answer.hotels.length === 0) {
      empty("top-chart", "No views in the last 7 days yet.");
    }
    return answer.hotels;
  }

  // the newest supply and demand day: per stay date (revenue, ADR, RevPAR, occupancy, pickup) and per room type and night
  async function demand(hotel) {
    const answer = await get("/v1/hotels/" + encodeURIComponent(hotel) + "/supply-demand");
    if (!answer.as_of_date || answer.stay_dates.length === 0) {
      const why = "No supply and demand published for hotel " + hotel + " yet (the nightly job publishes it).";
      ["stay-chart", "pickup-chart", "heatmap-chart"].forEach((id) => empty(id, why));
      return;
    }
    $("as-of").textContent = "(as of " + answer.as_of_date + (answer.degraded ? ", degraded" : "") + ")";
    stayDates(answer);
    pickup(answer);
    heatmap(answer);
  }

  function stayDates(answer) {
    const currency = answer.stay_dates[0].currency;
    const dates = answer.stay_dates.filter((d) => d.currency === currency);
    chart("stay-chart").setOption({
      tooltip: { trigger: "axis" },
      legend: { data: ["room revenue", "ADR", "RevPAR", "occupancy %"] },
      grid: { left: 60, right: 50, bottom: 40 },
      xAxis: { type: "category", data: dates.map((d) => d.stay_date) },
      yAxis: [{ type: "value", name: currency }, { type: "value", name: "%", min: 0, max: 100 }],
      series: [
        { name: "room revenue", type: "bar", data: dates.map((d) => money(d.room_revenue_cents)) },
        { name: "ADR", type: "line", data: dates.map((d) => money(d.adr_cents)) },
        { name: "RevPAR", type: "line", data: dates.map((d) => money(d.revpar_cents)) },
        { name: "occupancy %", type: "line", yAxisIndex: 1, data: dates.map((d) => percent(d.occupancy)) },
      ],
    });
  }

  // rooms on the books for the published nights, 30, 7 and 1 days before the day and on it: sold less what was picked up since
  function pickup(answer) {
    const sum = (field) => answer.stay_dates.reduce((total, d) => total + (field ? d.rooms_sold - d[field] : d.rooms_sold), 0);
    chart("pickup-chart").setOption({
      tooltip: { trigger: "axis" },
      grid: { left: 50, right: 20, bottom: 40 },
      xAxis: { type: "category", data: ["D-30", "D-7", "D-1", "D (" + answer.as_of_date + ")"] },
      yAxis: { type: "value", name: "rooms" },
      series: [{ name: "rooms on the books", type: "line", areaStyle: {}, data: [sum("pickup_30d"), sum("pickup_7d"), sum("pickup_1d"), sum(null)] }],
    });
  }

  function heatmap(answer) {
    const nights = [...new Set(answer.nights.map((n) => n.stay_date))].sort();
    const roomTypes = [...new Set(answer.nights.map((n) => n.room_type_id))].sort((a, b) => a - b);
    const cells = answer.nights.map((n) => ({
      value: [nights.indexOf(n.stay_date), roomTypes.indexOf(n.room_type_id), percent(n.occupancy)],
      night: n,
    }));
    chart("heatmap-chart").setOption({
      tooltip: {
        formatter: (item) => {
          const n = item.data.night;
          return "room type " + n.room_type_id + ", " + n.stay_date + "<br>" + n.rooms_sold + " of " + n.capacity + " sold"
            + (n.closed ? " (closed)" : "") + "<br>price " + money(n.price_cents) + " " + n.currency
            + ", suggested " + money(n.suggested_price_cents);
        },
      },
      grid: { left: 100, right: 20, bottom: 80 },
      xAxis: { type: "category", data: nights, splitArea: { show: true } },
      yAxis: { type: "category", data: roomTypes.map((id) => "room type " + id), splitArea: { show: true } },
      visualMap: { min: 0, max: 100, calculable: true, orient: "horizontal", left: "center", bottom: 0, text: ["100%", "0%"] },
      series: [{ name: "occupancy %", type: "heatmap", data: cells, label: { show: nights.length <= 14 } }],
    });
  }

  async function audits() {
    const answer = await get("/v1/audits?days=30");
    const days = answer.views.slice().reverse();
    if (days.length === 0) {
      empty("audit-chart", "No audit has run yet.");
    }
    chart("audit-chart").setOption({
      tooltip: { trigger: "axis" },
      legend: { data: ["drift %", "allowed %", "failed"] },
      grid: { left: 50, right: 20, bottom: 40 },
      xAxis: { type: "category", data: days.map((d) => d.day) },
      yAxis: { type: "value", name: "%" },
      series: [
        { name: "drift %", type: "line", data: days.map((d) => Math.round(d.drift * 100000) / 1000) },
        { name: "allowed %", type: "line", lineStyle: { type: "dashed" }, data: days.map((d) => Math.round(d.max_drift * 100000) / 1000) },
        { name: "failed", type: "scatter", symbolSize: 12, data: days.map((d) => (d.passed ? null : Math.round(d.drift * 100000) / 1000)) },
      ],
    });
    const bookings = new Map(answer.bookings.map((b) => [b.day, b]));
    const allDays = [...new Set(answer.views.map((d) => d.day).concat(answer.bookings.map((b) => b.day)))].sort().reverse().slice(0, 10);
    const body = $("audits").tBodies[0];
    const viewsByDay = new Map(answer.views.map((d) => [d.day, d]));
    for (const day of allDays) {
      const v = viewsByDay.get(day);
      const b = bookings.get(day);
      const row = body.insertRow();
      const cells = [
        day,
        v ? (v.passed ? "passed" : "failed: " + v.failures) : "not run",
        v ? (Math.round(v.drift * 100000) / 1000) + "%" : "",
        b ? (b.passed ? "passed" : "failed: " + b.failures) : "not run",
        b ? String(b.differences) : "",
      ];
      cells.forEach((text) => { row.insertCell().textContent = text; });
      row.className = (v && !v.passed) || (b && !b.passed) ? "failed" : "";
    }
  }

  async function main() {
    const granularity = params.get("granularity") === "day" ? "day" : "hour";
    const city = params.get("city") || "";
    $("granularity").value = granularity;
    $("city").value = city;
    let hotel = params.get("hotel_id");
    let ranked = [];
    try {
      ranked = await top(city);
    } catch (error) {
      fail("top-chart", error);
    }
    if (!hotel && ranked.length > 0) {
      hotel = String(ranked[0].hotel_id);
    }
    const jobs = [audits().catch((error) => fail("audit-chart", error))];
    if (hotel) {
      $("hotel").value = hotel;
      jobs.push(views(hotel, granularity).catch((error) => fail("views-chart", error)));
      jobs.push(demand(hotel).catch((error) => ["stay-chart", "pickup-chart", "heatmap-chart"].forEach((id) => fail(id, error))));
    } else {
      empty("views-chart", "Pick a hotel id: no hotel has views yet.");
    }
    await Promise.all(jobs);
    document.body.dataset.loaded = "true";
  }

  window.addEventListener("resize", () => charts.forEach((instance) => instance.resize()));
  main();
})();
