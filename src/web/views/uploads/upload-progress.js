// Progress for uploads, on top of pages that work without it: the file's transfer on the upload form, and
// the checking and loading on an upload's page (which otherwise says "refresh this page").

function sendWithProgress(form) {
  const panel = form.querySelector('[data-kindred-upload-progress]');
  const bar = panel?.querySelector('progress');
  const status = panel?.querySelector('[data-kindred-upload-status]');
  if (!panel || !bar || !status || !window.FormData) return;
  form.addEventListener('submit', (event) => {
    const file = form.querySelector('input[type=file]');
    const flow =
      form.querySelector('input[name=flow]:checked') || form.querySelector('input[name=flow][type=hidden]');
    // Without a file or a flow the server's own error messages say what is missing.
    if (!file?.files || file.files.length === 0 || !flow) return;
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open('POST', form.action);
    panel.hidden = false;
    status.textContent = 'Sending the file…';
    let announced = -1;
    request.upload.addEventListener('progress', (progress) => {
      if (!progress.lengthComputable) return;
      const percent = Math.floor((progress.loaded / progress.total) * 100);
      bar.value = percent;
      if (percent - announced >= 25 || percent === 100) {
        announced = percent;
        status.textContent =
          percent === 100 ? 'File sent. Starting the checks…' : `Sending the file: ${percent}%`;
      }
    });
    request.addEventListener('load', () => {
      if (request.responseURL && new URL(request.responseURL).pathname !== new URL(form.action).pathname) {
        window.location.assign(request.responseURL);
        return;
      }
      // The server answered with a page of its own (a problem with the form): show it as it is.
      const page = new DOMParser().parseFromString(request.responseText, 'text/html');
      document.title = page.title;
      document.body.replaceWith(document.importNode(page.body, true));
      document.querySelector('.govuk-error-summary')?.focus();
    });
    request.addEventListener('error', () => {
      status.textContent = 'The file could not be sent. Check your connection and try again.';
    });
    request.send(new FormData(form));
  });
}

function followUpload(container) {
  const address = container.getAttribute('data-kindred-upload-follow');
  const text = container.querySelector('[data-kindred-progress-text]');
  const bar = container.querySelector('[data-kindred-progress-bar]');
  const refresh = container.querySelector('[data-kindred-refresh]');
  if (!address || !text || !bar) return;
  if (refresh)
    refresh.textContent =
      'Nothing is visible to anyone until every accepted row is loaded. This page updates by itself.';
  let lastPhase = '';
  let lastStep = -1;
  const poll = async () => {
    try {
      const response = await fetch(address, { headers: { accept: 'application/json' }, cache: 'no-store' });
      if (response.ok) {
        const progress = await response.json();
        if (progress.finished) {
          window.location.reload();
          return;
        }
        bar.value = progress.percent;
        // A screen reader hears each change of the text: change it at each phase and each tenth, not every second.
        const step = Math.floor(progress.percent / 10);
        if (progress.phase !== lastPhase || step !== lastStep) {
          lastPhase = progress.phase;
          lastStep = step;
          text.textContent = progress.text;
        }
      }
    } catch {
      // A missed poll is tried again at the next tick.
    }
    window.setTimeout(poll, 1000);
  };
  window.setTimeout(poll, 1000);
}

for (const form of document.querySelectorAll('form[data-kindred-upload]')) sendWithProgress(form);
for (const container of document.querySelectorAll('[data-kindred-upload-follow]')) followUpload(container);
