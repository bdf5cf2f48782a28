//! Saving a widget's data and chart as files: CSV and SVG as they are, PNG drawn from the
//! SVG on a canvas. Everything happens in the browser; nothing is uploaded.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = "
export function save_text(name, mime, text) {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url; a.download = name; document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
export function save_png(name, svg, width, height) {
  const img = new Image();
  const src = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  img.onload = () => {
    const scale = 2;
    const c = document.createElement('canvas');
    c.width = width * scale; c.height = height * scale;
    const g = c.getContext('2d');
    g.fillStyle = '#fff'; g.fillRect(0, 0, c.width, c.height);
    g.scale(scale, scale); g.drawImage(img, 0, 0, width, height);
    URL.revokeObjectURL(src);
    c.toBlob(b => {
      const url = URL.createObjectURL(b);
      const a = document.createElement('a');
      a.href = url; a.download = name; document.body.appendChild(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    }, 'image/png');
  };
  img.src = src;
}
")]
extern "C" {
    /// Offers `text` as a download called `name`.
    pub fn save_text(name: &str, mime: &str, text: &str);
    /// Offers the SVG drawing as a PNG of twice its size, for sharp slides.
    pub fn save_png(name: &str, svg: &str, width: u32, height: u32);
}
