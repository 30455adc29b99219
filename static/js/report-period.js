// The report's form shows the semester or the month only for that period.
const period = document.getElementById("periode");
if (period) {
  const show = () => {
    document.querySelectorAll("[data-period]").forEach((field) => {
      field.hidden = field.dataset.period !== period.value;
    });
  };
  period.addEventListener("change", show);
  show();
}
