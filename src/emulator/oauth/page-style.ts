/**
 * The look of the emulator's sign-in pages: one inline stylesheet (the pages' CSP allows inline styles and
 * nothing else) and an inline SVG mark, so the pages load no other resource.
 */
export const PAGE_STYLE = `
*{box-sizing:border-box}
html,body{margin:0;min-height:100%}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;
background:linear-gradient(160deg,#032d42 0%,#0b4f5c 55%,#1a6d63 100%);min-height:100vh;display:flex;
flex-direction:column;align-items:center}
.brand{display:flex;align-items:center;gap:.6rem;color:#fff;margin:3rem 0 1.5rem;font-size:1.05rem;letter-spacing:.01em}
.brand svg{width:2.25rem;height:2.25rem}
.brand small{display:block;color:#9fd5c4;font-size:.8rem}
.card{background:#fff;border-radius:10px;box-shadow:0 12px 40px rgba(0,0,0,.28);width:min(26rem,calc(100vw - 2rem));
padding:2rem 2rem 1.5rem}
h1{font-size:1.35rem;margin:0 0 .35rem}
.lead{color:#5b6475;margin:0 0 1.25rem;font-size:.95rem}
label{display:block;font-weight:600;font-size:.9rem;margin:1rem 0 .35rem}
input[type=text],input[type=password]{width:100%;padding:.6rem .7rem;font:inherit;border:1px solid #9aa3b2;border-radius:6px}
input:focus-visible,button:focus-visible{outline:3px solid #f0b429;outline-offset:1px}
.actions{display:flex;gap:.75rem;justify-content:flex-end;margin-top:1.5rem}
.actions form{margin:0}
button{font:inherit;font-weight:600;padding:.6rem 1.4rem;border-radius:6px;border:1px solid #7f8aa0;background:#fff;
color:#1d2330;cursor:pointer}
button.primary{background:#1f7a5a;border-color:#1f7a5a;color:#fff}
button.primary:hover{background:#18664a}
.full{width:100%;margin-top:1.5rem}
.error{background:#fdecea;border-left:4px solid #b3261e;color:#8c1d18;padding:.6rem .8rem;border-radius:4px;margin:0 0 1rem}
.app{display:flex;align-items:center;gap:.9rem;margin:0 0 1.25rem}
.avatar{width:3rem;height:3rem;border-radius:10px;background:#e3f1ec;color:#1f7a5a;display:flex;align-items:center;
justify-content:center;font-weight:700;font-size:1.2rem;flex:none}
#app-name{font-size:1.1rem}
.who{color:#5b6475;font-size:.9rem;margin:.15rem 0 0}
h2{font-size:.95rem;margin:1.25rem 0 .5rem}
ul.scopes{list-style:none;padding:0;margin:0;border:1px solid #d5dae3;border-radius:8px}
ul.scopes li{padding:.65rem .8rem;border-top:1px solid #d5dae3}
ul.scopes li:first-child{border-top:0}
ul.scopes code{font-size:.85rem;background:#eef1f6;padding:.05rem .35rem;border-radius:4px}
ul.scopes span{display:block;color:#5b6475;font-size:.85rem;margin-top:.2rem}
.note{color:#5b6475;font-size:.85rem;margin:1rem 0 0}
footer{color:#9fd5c4;font-size:.8rem;margin:1.5rem 0 2rem;text-align:center}
`;

/** The emulator's mark: a rounded square with a lower-case "n". */
export const LOGO_SVG =
  '<svg viewBox="0 0 32 32" aria-hidden="true"><rect width="32" height="32" rx="7" fill="#81b5a1"/>' +
  '<path d="M9 23V12h3.2v1.6c.9-1.2 2.2-1.9 3.9-1.9 2.9 0 4.4 1.8 4.4 5V23h-3.3v-5.8c0-1.8-.7-2.7-2.2-2.7' +
  '-1.6 0-2.7 1.1-2.7 3V23z" fill="#032d42"/></svg>';
