// The progress page of a background job: asks the job's status address how
// far it got and shows it; once the job has finished, loads the page again,
// which then shows the result (or the reason it failed).
(() => {
  const box = document.querySelector("[data-job-status-url]");
  if (!box) {
    return;
  }
  const bar = box.querySelector("progress");
  const percent = box.querySelector("[data-job-percent]");
  const message = box.querySelector("[data-job-message]");
  let delay = 1000;

  function show(status) {
    if (status.total) {
      bar.max = status.total;
      bar.value = status.done;
    } else {
      bar.removeAttribute("value"); // moving, without a known end
    }
    percent.textContent = status.percent === null ? "" : `${status.percent}%`;
    message.textContent = status.message;
  }

  async function poll() {
    try {
      const response = await fetch(box.dataset.jobStatusUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
      if (!response.ok) {
        throw new Error(`status ${response.status}`);
      }
      const status = await response.json();
      if (status.finished) {
        window.location.reload();
        return;
      }
      show(status);
      delay = Math.min(delay * 1.25, 5000); // long jobs are asked less often
    } catch (error) {
      delay = Math.min(delay * 2, 30000); // a network hiccup: try again later
    }
    window.setTimeout(poll, delay);
  }

  window.setTimeout(poll, delay);
})();
