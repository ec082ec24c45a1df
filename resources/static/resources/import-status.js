// Follows an import as the task worker runs it: asks for its progress every two seconds,
// and reloads the page once it has finished so that its outcome is shown. Without this
// script the page still says where the import stands, with a link to check again.
(function () {
  "use strict";
  const region = document.querySelector("[data-import-status]");
  if (!region || region.dataset.importStatus === "done" || region.dataset.importStatus === "failed") {
    return;
  }
  const words = region.querySelector("[data-import-words]");
  const bar = region.querySelector("progress");

  async function check() {
    let job;
    try {
      const response = await fetch(region.dataset.progressUrl, { credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      job = await response.json();
    } catch {
      window.setTimeout(check, 5000);
      return;
    }
    if (job.finished) {
      window.location.reload();
      return;
    }
    if (job.total) {
      bar.max = job.total;
      bar.value = job.done;
      words.textContent = `Importing: ${job.done} of ${job.total} helplines.`;
    }
    window.setTimeout(check, 2000);
  }
  window.setTimeout(check, 2000);
})();
