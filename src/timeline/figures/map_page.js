// Run before plotly.js in an exported map page (timeline.export.map_html).
(function () {
  // MapLibre 6, inside plotly.js, starts its worker as an ES module from a blob: URL. A page opened
  // from a file has an opaque origin, where Chromium refuses module workers, and the map stays
  // blank. There the worker's source is read back and started as a classic worker instead, its
  // closing `export {…}` (its only module syntax) removed.
  function read(url) {
    var request = new XMLHttpRequest();
    request.open("GET", url, false); // a blob made by this page: read at once
    request.send();
    return request.responseText;
  }
  if (location.protocol === "file:" && window.Worker) {
    var Native = window.Worker;
    window.Worker = class extends Native {
      constructor(url, options) {
        if (options && options.type === "module" && String(url).indexOf("blob:") === 0) {
          var source = read(url);
          var wrapped = /^import\s*"(blob:[^"]+)";?\s*$/.exec(source); // a module importing it
          if (wrapped) source = read(wrapped[1]);
          var end = source.lastIndexOf("export{");
          if (end >= 0) {
            source = source.slice(0, end) + source.slice(source.indexOf("}", end) + 1);
          }
          var blob = new Blob([source], { type: "text/javascript" });
          super(URL.createObjectURL(blob));
        } else {
          super(url, options);
        }
      }
    };
  }
  // MapLibre draws with WebGL2; without it the map would be an empty box, so say why instead.
  var canvas = document.createElement("canvas");
  if (!canvas.getContext("webgl2")) {
    document.addEventListener("DOMContentLoaded", function () {
      var message = document.createElement("p");
      message.setAttribute("role", "alert");
      message.className = "timeline-no-webgl2";
      message.textContent =
        "This map needs WebGL2, which this browser has turned off or does not support. " +
        "Turn on hardware acceleration (or WebGL) in the browser's settings, or open this " +
        "file in a current Chrome, Edge, Firefox or Safari.";
      message.style.cssText =
        "font: 16px sans-serif; padding: 12px 16px; margin: 16px; background: #FFF4CE; " +
        "border: 1px solid #E0C060; border-radius: 4px; color: #333;";
      document.body.insertBefore(message, document.body.firstChild);
    });
  }
})();
