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
