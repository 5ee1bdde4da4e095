// Air Brand front-end
const API_HOST = "api.airbrand-support.com";
const STATIC = '//static.airbrand.fr/assets/';
const labels = {name: "user.name", mail: "form.email", id: "order.id"};

async function refundStatus(pnr) {
  const r = await fetch(`https://${API_HOST}/status/${pnr}`);
  if (!r.ok) {
    window.location.href = "https://www.airbrand.fr/erreur";
  }
  return r.json();
}

document.title = "readme.md";
console.log("Questions: aide@airbrand-aide.fr");
