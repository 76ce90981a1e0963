// The chronology's entries, drawn as plain DOM from data (text set as text, never as HTML).
// Pressing a title sends its event id to Python (trigger "chosen"); the list scrolls to the
// selected entry when Python asks (data.scroll), without moving the page around it.
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let list = parentElement.querySelector(".chronology");
  if (!list) {
    list = document.createElement("div");
    list.className = "chronology";
    list.setAttribute("role", "list");
    parentElement.appendChild(list);
  }
  list.style.maxHeight = `${data.height}px`;
  const drawn = JSON.stringify(data.entries);
  if (list.dataset.drawn !== drawn) {
    list.dataset.drawn = drawn;
    list.replaceChildren(...data.entries.map((entry) => draw(entry, setTriggerValue)));
  }
  if (data.scroll && list.dataset.scrolled !== data.scroll) {
    list.dataset.scrolled = data.scroll;
    const chosen = list.querySelector(".entry.selected");
    if (chosen) list.scrollTop = chosen.offsetTop - list.offsetTop;
  }
}

function element(tag, className, text) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

function draw(entry, setTriggerValue) {
  const item = element("article", entry.selected ? "entry selected" : "entry");
  item.setAttribute("role", "listitem");
  item.dataset.id = entry.id;
  const head = element("div", "when");
  head.append(element("strong", "", entry.when), " ");
  head.append(element("span", "badge type", entry.type), " ");
  head.append(element("span", `badge status ${entry.status_class}`, entry.status));
  if (entry.selected) head.append(" ", element("span", "badge chosen", "Selected"));
  const title = element("button", "title", entry.title);
  title.type = "button";
  title.title = "Select this event on the chart";
  title.onclick = () => setTriggerValue("chosen", entry.id);
  item.append(head, title);
  if (entry.actors) item.append(element("div", "actors", entry.actors));
  if (entry.description) item.append(element("p", "description", entry.description));
  const sources = element("div", "sources", entry.sources.length ? "Sources: " : "");
  if (!entry.sources.length) sources.append(element("em", "", "No source given."));
  entry.sources.forEach((source, index) => {
    if (index) sources.append(" · ");
    sources.append(`${index + 1}. `);
    if (source.url) {
      const link = element("a", "", source.label);
      link.href = source.url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      sources.append(link);
    } else {
      sources.append(source.label);
    }
  });
  item.append(sources);
  return item;
}
