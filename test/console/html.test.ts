import { test } from 'node:test';
import assert from 'node:assert/strict';
import { html, raw } from '../../src/console/html.js';

void test('html escapes interpolated values by default', () => {
  const name = `<img src=x onerror="alert('1')">&`;
  assert.equal(
    html`<td title="${name}">${name}</td>`.toString(),
    '<td title="&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;">&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;</td>',
  );
});

// An alias keeps prettier from reformatting the template (it formats `html` tagged literals as HTML).
const h = html;

void test('html nests safe fragments, flattens arrays and drops nullish values', () => {
  const items = ['a<', 'b>'].map((x) => h`<li>${x}</li>`);
  assert.equal(h`<ul>${items}${null}${undefined}${false}</ul>`.toString(), '<ul><li>a&lt;</li><li>b&gt;</li></ul>');
  assert.equal(h`${raw('<br>')}${0}`.toString(), '<br>0');
});
