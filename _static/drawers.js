/* Keyboard and screen-reader access to Furo's drawers on narrow screens.

   Furo opens its navigation and "On this page" drawers with <label>s for hidden
   checkboxes: they work with a mouse or finger but cannot be reached with Tab
   or announced as controls. Replace each with a real button that toggles the
   same checkbox (so Furo's CSS still does the sliding) and reports its state;
   Escape closes an open drawer. Without JavaScript the labels stay as they are. */
(() => {
  "use strict";
  const names = { __navigation: "Site navigation", __toc: "On this page" };
  const drawers = { __navigation: ".sidebar-drawer", __toc: ".toc-drawer" };
  const buttons = [];

  for (const label of document.querySelectorAll(
    "label.nav-overlay-icon, label.toc-overlay-icon"
  )) {
    const box = document.getElementById(label.htmlFor);
    if (!box || !(label.htmlFor in names)) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = `${label.className} nd-drawer-button`;
    button.innerHTML = label.innerHTML;
    button.setAttribute("aria-label", names[label.htmlFor]);
    button.setAttribute("aria-expanded", String(box.checked));
    button.addEventListener("click", (event) => {
      box.click();
      // Opened from the keyboard (a click with no pointer): go into the drawer.
      if (box.checked && event.detail === 0) {
        document.querySelector(`${drawers[box.id]} a[href]`)?.focus();
      }
    });
    box.addEventListener("change", () => {
      button.setAttribute("aria-expanded", String(box.checked));
    });
    label.replaceWith(button);
    buttons.push([box, button]);
  }

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const [box, button] of buttons) {
      if (box.checked && button.offsetParent !== null) {
        box.click();
        button.focus();
      }
    }
  });
})();
