/* A small accessibility checker run inside the page (axe-core is not available offline): landmarks,
   language, headings, text alternatives of images and SVG pictures, form labels, link names and the
   WCAG 2 AA contrast of every piece of text against its effective background. Returns the problems. */
(() => {
  const problems = [];
  const doc = document;
  if (!doc.documentElement.getAttribute("lang")) problems.push("html has no lang");
  if (doc.querySelectorAll("main").length !== 1) problems.push("not exactly one <main> landmark");
  if (!doc.querySelector("header, nav")) problems.push("no header or nav landmark");
  if (!doc.querySelector("h1")) problems.push("no h1");
  let last = 0;
  doc.querySelectorAll("h1, h2, h3, h4, h5, h6").forEach(h => {
    const level = +h.tagName[1];
    if (last && level > last + 1) problems.push("heading level skipped before: " + h.textContent.slice(0, 40));
    last = level;
  });
  doc.querySelectorAll("img").forEach(img => {
    if (!(img.getAttribute("alt") || "").trim()) problems.push("img without alt: " + img.src.slice(0, 60));
  });
  doc.querySelectorAll("svg").forEach(svg => {
    if (svg.closest("[aria-hidden=true]") || svg.parentElement.closest("svg")) return;
    const named = svg.getAttribute("role") === "img" && (svg.getAttribute("aria-label") || svg.querySelector("title"));
    if (!named) problems.push("svg without role=img and a name");
  });
  doc.querySelectorAll("input, select, textarea").forEach(input => {
    if (input.type === "hidden") return;
    const label = (input.id && doc.querySelector(`label[for="${input.id}"]`)) || input.closest("label") || input.getAttribute("aria-label");
    if (!label) problems.push("form field without label: " + (input.id || input.name));
  });
  doc.querySelectorAll("a[href]").forEach(a => {
    if (!(a.textContent.trim() || a.getAttribute("aria-label") || a.querySelector("img[alt], title"))) problems.push("link without a name: " + a.href);
  });
  const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null; const v = m[1].split(/[ ,/]+/).filter(Boolean).map(Number); return {r: v[0], g: v[1], b: v[2], a: v.length > 3 ? v[3] : 1}; };
  const lum = c => { const f = x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      const svgBox = e.tagName === "svg" ? parse(getComputedStyle(e).backgroundColor) : null;
      const c = svgBox || parse(style.backgroundColor);
      if (c && c.a > 0) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  let checked = 0;
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !el || seen.has(el)) continue;
    seen.add(el);
    if (el.closest("script, style, title, [hidden], details:not([open]) > :not(summary)")) continue;
    const rect = el.getBoundingClientRect();
    if (!rect.width || !rect.height) continue;
    const style = getComputedStyle(el);
    const inSvg = el instanceof SVGElement;
    const fg = parse(inSvg && style.fill && style.fill !== "none" ? style.fill : style.color);
    if (!fg) continue;
    const bg = background(el);
    const l1 = lum(fg), l2 = lum(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const size = parseFloat(style.fontSize), bold = +style.fontWeight >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    checked++;
    if (ratio < need) problems.push(`contrast ${ratio.toFixed(2)} < ${need}: ${node.textContent.trim().slice(0, 40)}`);
  }
  if (!checked) problems.push("no text checked for contrast");
  return {problems, checked};
})()
