// Draws names, surnames, cities, companies and street addresses from @faker-js/faker (MIT; npm), a source
// independent of the Python Faker lists attune's gazetteers come from, for eval/redact/independent-*.jsonl.
// usage: (cd /tmp/fjs && npm pack @faker-js/faker@9.9.0 && tar xzf faker-js-faker-9.9.0.tgz) && node pool.mjs dev|test|dev2|c|dev3|d|e
import { Faker, allLocales } from '/tmp/fjs/package/dist/index.js';
import fs from 'fs';
const norm = s => s.normalize('NFC');
const gaz = new Set();
for (const f of ['given_names','surnames','cities','countries','regions']) {
  for (const l of fs.readFileSync(new URL(`../../../crates/attune-redact/gazetteer/${f}.txt`, import.meta.url),'utf8').split('\n')) if (l.trim()) gaz.add(norm(l.trim()).toLowerCase());
}
const which = process.argv[2] || 'dev';
const DEV = ['en_GH','en_NG','yo_NG','zu_ZA','af_ZA','vi','tr','pl','hu','fi','sv','nb_NO','nl','pt_BR','pt_PT','es_MX','es','it','fr','de','ro','hr','id_ID','cy','en_IN','en_IE','lv','sk','cs_CZ','da','uz_UZ_latin','az','ko'];
const TEST = ['de_AT','de_CH','en_AU','en_CA','en_GB','en_US','fr_BE','fr_CA','fr_CH','fr_LU','fr_SN','nl_BE','ro_MD','sr_RS_latin','eo','es_MX','pt_PT'];
const locales = (which === 'test') ? TEST : DEV;
const latin = s => /^[\p{Script=Latin}\s'\-\.]+$/u.test(s);
const out = {first:[], last:[], city:[], company:[], street:[]};
let seed = { dev: 7, dev2: 5007, c: 9007, dev3: 13007, d: 17007, e: 21007 }[which] ?? 1007;
for (const loc of locales) {
  const L = allLocales[loc]; if (!L) { console.error('no', loc); continue; }
  const f = new Faker({ locale: [L, allLocales.en, allLocales.base] });
  f.seed(seed++);
  for (let i = 0; i < 40; i++) {
    const fn = f.person.firstName(), ln = f.person.lastName();
    if (latin(fn) && !fn.includes(' ')) out.first.push([loc, fn, gaz.has(fn.toLowerCase())]);
    if (latin(ln) && !ln.includes(' ')) out.last.push([loc, ln, gaz.has(ln.toLowerCase())]);
    const c = f.location.city(); if (latin(c)) out.city.push([loc, c, gaz.has(c.toLowerCase())]);
    const co = f.company.name(); if (latin(co)) out.company.push([loc, co, false]);
    const st = f.location.streetAddress(); if (latin(st.replace(/[0-9]/g,''))) out.street.push([loc, st, false]);
  }
}
fs.writeFileSync(`/tmp/fjs/pool-${which}.json`, JSON.stringify(out));
for (const k of Object.keys(out)) { const u = new Set(out[k].map(x=>x[1])); const inG = out[k].filter(x=>x[2]).length; console.log(k, out[k].length, 'unique', u.size, 'in our gazetteer', inG); }
