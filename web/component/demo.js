// The demo docs page's own script: the theme picker in the header. It sets data-theme on <html>
// (demo.css turns that into color-scheme, which the examples inherit) and remembers nothing.
const picker = document.getElementById('theme');
picker.addEventListener('change', () => {
  if (picker.value === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = picker.value;
});
