// The hold's countdown: the page states the time the hold ends; this counts down to it.
(function () {
  function tick() {
    document.querySelectorAll('[data-until]').forEach(function (element) {
      var left = Math.max(0, Math.floor((Date.parse(element.dataset.until) - Date.now()) / 1000));
      element.textContent = left > 0
        ? Math.floor(left / 60) + ' min ' + String(left % 60).padStart(2, '0') + ' s left'
        : 'the hold has ended';
    });
  }
  document.addEventListener('DOMContentLoaded', tick);
  document.addEventListener('htmx:afterSwap', tick);
  setInterval(tick, 1000);
})();

// The staff pages' charts: each [data-chart] element holds its chart as JSON (the nights, the value
// axes and the series, made by StaffCharts); ECharts, loaded by those pages, draws it.
(function () {
  function draw(element) {
    var chart = JSON.parse(element.dataset.chart);
    var instance = echarts.init(element);
    instance.setOption({
      tooltip: { trigger: 'axis' },
      legend: { data: chart.series.map(function (series) { return series.name; }) },
      grid: { left: 50, right: chart.axes.length > 1 ? 50 : 20, bottom: 40 },
      xAxis: { type: 'category', data: chart.x },
      yAxis: chart.axes.map(function (name) { return { type: 'value', name: name }; }),
      series: chart.series.map(function (series) {
        return { name: series.name, type: series.type, stack: series.stack || undefined, yAxisIndex: series.axis, data: series.data, connectNulls: false };
      })
    });
    window.addEventListener('resize', function () { instance.resize(); });
  }
  document.addEventListener('DOMContentLoaded', function () {
    if (window.echarts) {
      document.querySelectorAll('[data-chart]').forEach(draw);
    }
  });
})();
