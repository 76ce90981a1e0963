// Tells Python once the page's chart has drawn its marks (or after a time limit), so the rest of
// the page is sent after the chart rather than competing with it for the browser's one thread.
const LIMIT_MS = 10000;
const MARKS = ".scatterlayer path.point, .barlayer path, .gl-canvas";

export default function (component) {
  const { parentElement, setTriggerValue } = component;
  if (parentElement.host && parentElement.host.dataset.waiting) return;
  if (parentElement.host) parentElement.host.dataset.waiting = "1";
  const started = performance.now();
  const check = () => {
    const plot = document.querySelector(".js-plotly-plot");
    const drawn = plot && plot._fullLayout && plot.querySelector(MARKS);
    if (drawn || performance.now() - started > LIMIT_MS) {
      setTriggerValue("drawn", true);
    } else {
      requestAnimationFrame(check);
    }
  };
  requestAnimationFrame(check);
}
